package io.github.redismem.testing;

import static io.github.redismem.testing.KeyspaceDataset.HASH_UNDER_LIMIT;
import static io.github.redismem.testing.KeyspaceDataset.JSON_BLOB;
import static io.github.redismem.testing.KeyspaceDataset.ZSET_NEAR_LIMIT;
import static io.github.redismem.testing.KeyspaceDataset.letters;
import static io.github.redismem.testing.KeyspaceDataset.utf8;

import io.github.redismem.testing.KeyspaceDataset.Builder;
import io.github.redismem.testing.KeyspaceDataset.Encodings;
import io.github.redismem.testing.KeyspaceDataset.Ttl;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * The heavy-tailed dataset: one family per prefix, each dominated by one type and named the way applications
 * name keys, so that names differing only in their last characters are the rule. Shares of the keys, and what
 * each family holds:
 *
 * <ul>
 *   <li>{@code user:} 20%, ascending ids 1 to 3 apart ({@code user:4200002}): compact hashes of 4 to 24 profile
 *       fields (99%), 10-200 KB hashes in hashtable (1%); big: hashes of about 13, 3 and 1.5 MB.
 *   <li>{@code order:} 15%, sequential ({@code order:100001}): JSON documents (raw, 85%; 0.5% of the family
 *       10-200 KB), compact hashes (10%), status strings (embstr, 5%); a tenth expire in the {@code 30d} bucket.
 *   <li>{@code sess:} 15%, version-4 UUIDs: tokens (embstr, 65%) and serialized sessions (raw, 35%), all with a
 *       TTL in {@code 1h}, {@code 4h}, {@code 12h} or {@code 1d}.
 *   <li>{@code h:} 8%, 40 hex digits: cached blobs (raw) of 64 B to 2 KB (98%) or 10-200 KB (2%), with TTLs in
 *       {@code 7d} or {@code 30d} or none; big: 10 strings of 1.2 to 6 MB.
 *   <li>{@code tenant:} 12%, three stems of 53 or 54 characters ({@code
 *       tenant:acme-corporation-eu-west-production-cluster-7/}), a section and a base-36 tail of a few
 *       characters: rate-limit counters (int, {@code 1h}, 60%), compact config hashes (33%), intsets (7%); big:
 *       5 sorted sets of 1.2 to 3 MB and 4 sets of 1.2 to 2.5 MB.
 *   <li>{@code feed:} 10%, {@code feed:<user>:home|inbox|activity}: lists of 3 to 30 entries (98.4%) or of
 *       10-200 KB (1.5%), streams of 20 to 200 entries (0.1%); the inboxes' lists expire in {@code 7d}; big:
 *       8 lists of 1.2 to 5 MB.
 *   <li>{@code rank:} 6%, {@code rank:game-<nn>:<date>}: compact sorted sets of 5 to 120 members (97%),
 *       skiplists of 129 members or more, 13-200 KB (3%); half in {@code inf}.
 *   <li>{@code tags:} 6%, {@code tags:article|product|video:<id>}: sets of 3 or 4 words (60%), intsets of 3 to
 *       120 members (40%).
 *   <li>{@code bin:} 4%, raw bytes after the prefix, alternately {@code 0xff} and a 7-byte big-endian sequence
 *       number (so zero bytes) or 16 random bytes: binary strings (embstr 65%, raw 35%), half in {@code 1d}.
 *   <li>{@code (none)} 1%: every name of 1 letter or digit, then of 2 (then 3): integers (60%) and short strings
 *       (embstr), 30% in {@code 1d}.
 *   <li>db 2, {@code job:} 3%, sequential: compact hashes (80%, {@code 4h} or {@code 12h}) and short lists
 *       (20%, {@code 12h}).
 * </ul>
 *
 * <p>The 10-200 KB sizes follow a Pareto tail (shape 1.1 from 10 KB, redrawn above 200 KB: median 19 KB, mean
 * 30 KB). The 30 big keys take random places in their families, have no TTL, and are there whatever the number
 * of keys. Each key's kind is drawn at random, so a family's counts per kind vary with the seed. Small sets hold
 * 3 or 4 words, so that their hashtable (before 7.2) never rehashes and {@code SRANDMEMBER} leaves their memory
 * as measured.
 */
final class HeavyTailedKeyspace {

    /** A family's share of the keys and how it writes its {@code n} keys. */
    private record Family(double share, IntConsumer write) {
    }

    private static final int MIN_KEYS = 10_000;
    private static final int DB = 0;
    private static final int JOB_DB = 2;
    /** Elements per command when writing a big key, so that a 13 MB hash takes about 80 commands. */
    private static final int CHUNK = 1000;
    private static final Ttl[] SESSION_TTLS = {Ttl.MIN_30, Ttl.HOURS_2, Ttl.HOURS_8, Ttl.HOURS_18};
    private static final String[] TENANT_STEMS = {
        "tenant:acme-corporation-eu-west-production-cluster-7/",
        "tenant:acme-corporation-eu-west-production-cluster-12/",
        "tenant:globex-international-us-east-staging-cluster-3/"};
    private static final String NAME_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String[] PROFILE_FIELDS = {"name", "email", "created_at", "last_login", "locale", "tz",
        "plan", "country", "city", "phone", "avatar", "theme", "referrer", "status", "score", "followers",
        "following", "posts", "verified", "birthday", "company", "title", "website", "bio"};
    private static final String[] ORDER_FIELDS = {"status", "customer", "total", "currency", "created_at",
        "updated_at", "channel", "coupon", "carrier", "tracking"};
    private static final String[] CONFIG_FIELDS = {"plan", "region", "limit.requests", "limit.burst", "sso",
        "retention.days", "webhook.url", "owner", "billing.email", "timezone", "locale", "quota.storage",
        "quota.seats", "feature.audit", "feature.export", "feature.beta", "created_at", "updated_at", "status",
        "tier"};
    private static final String[] JOB_FIELDS = {"state", "queue", "attempts", "enqueued_at", "started_at",
        "worker", "payload", "error", "priority", "trace"};
    private static final String[] FEED_KINDS = {"home", "inbox", "activity"};
    private static final String[] TAG_KINDS = {"article", "product", "video"};
    private static final String[] TAG_WORDS = {"redis", "java", "sale", "new", "featured", "summer", "winter",
        "kids", "outdoor", "garden", "kitchen", "travel", "music", "video", "podcast", "tutorial", "review",
        "howto", "news", "sports", "tech", "gaming", "health", "finance", "food", "fashion", "beauty", "home",
        "auto", "books", "movies", "art", "science", "history", "pets", "diy"};

    private final Builder b;
    private final Encodings enc;
    private final Random random;

    HeavyTailedKeyspace(Builder builder, Random random) {
        this.b = builder;
        this.enc = builder.encodings;
        this.random = random;
    }

    void build(int keys) {
        if (keys < MIN_KEYS) {
            throw new IllegalArgumentException("the heavy-tailed dataset needs at least " + MIN_KEYS
                    + " keys, or its 30 big keys would be most of it; was " + keys);
        }
        List<Family> families = List.of(
                new Family(0.20, this::users),
                new Family(0.15, this::orders),
                new Family(0.15, this::sessions),
                new Family(0.08, this::blobs),
                new Family(0.12, this::tenants),
                new Family(0.10, this::feeds),
                new Family(0.06, this::rankings),
                new Family(0.06, this::tags),
                new Family(0.04, this::binaries),
                new Family(0.01, this::shortNames),
                new Family(0.03, this::jobs));
        int written = 0;
        for (int f = 0; f < families.size(); f++) {
            Family family = families.get(f);
            int count = f == families.size() - 1 ? keys - written : (int) Math.round(keys * family.share());
            family.write().accept(count);
            written += count;
        }
    }

    private void users(int n) {
        long[] big = {13_000_000, 3_000_000, 1_500_000};
        Map<Integer, Integer> bigAt = bigKeyPlaces(n, big.length);
        long id = 4_200_000;
        for (int i = 0; i < n; i++) {
            id += 1 + random.nextInt(3);
            String key = "user:" + id;
            if (bigAt.containsKey(i)) {
                bigHash(key, big[bigAt.get(i)]);
            } else if (random.nextInt(100) < 1) {
                mediumHash(key);
            } else {
                b.hash(DB, key, record(PROFILE_FIELDS, 4 + random.nextInt(21), 40), Ttl.NONE,
                        enc.compactHash());
            }
        }
    }

    private void orders(int n) {
        for (int i = 0; i < n; i++) {
            long id = 100_001 + i;
            String key = "order:" + id;
            Ttl ttl = random.nextInt(10) == 0 ? Ttl.DAYS_15 : Ttl.NONE;
            int kind = random.nextInt(1000);
            if (kind < 850) {
                int bytes = random.nextInt(170) == 0 ? mediumBytes() : logUniform(100, 1800);
                b.string(DB, key, orderJson(id, bytes), ttl, "raw", JSON_BLOB);
            } else if (kind < 950) {
                b.hash(DB, key, record(ORDER_FIELDS, 6 + random.nextInt(5), 30), ttl, enc.compactHash());
            } else {
                String status = (random.nextBoolean() ? "shipped" : "paid") + "@" + (1_714_000_000
                        + random.nextInt(10_000_000));
                b.string(DB, key, status, ttl, "embstr");
            }
        }
    }

    private void sessions(int n) {
        for (int i = 0; i < n; i++) {
            String key = "sess:" + uuid();
            Ttl ttl = SESSION_TTLS[random.nextInt(SESSION_TTLS.length)];
            int user = 4_200_001 + random.nextInt(400_000);
            if (random.nextInt(100) < 65) {
                String token = "uid=" + user + ";iat=" + (1_714_000_000 + random.nextInt(10_000_000)) + ";r=web";
                b.string(DB, key, token, ttl, "embstr");
            } else {
                String head = "a:3:{s:3:\"uid\";i:" + user + ";s:5:\"roles\";s:4:\"user\";s:4:\"data\";s:";
                String data = letters(random, logUniform(100, 800) - head.length());
                b.string(DB, key, head + data.length() + ":\"" + data + "\";}", ttl, "raw");
            }
        }
    }

    private void blobs(int n) {
        int[] big = {6_000_000, 5_000_000, 4_000_000, 3_000_000, 2_500_000, 2_000_000, 1_600_000, 1_400_000,
            1_300_000, 1_200_000};
        Map<Integer, Integer> bigAt = bigKeyPlaces(n, big.length);
        for (int i = 0; i < n; i++) {
            byte[] key = utf8("h:" + hex(20));
            int kind = random.nextInt(100);
            Ttl ttl = kind < 40 ? Ttl.DAYS_3 : kind < 70 ? Ttl.DAYS_15 : Ttl.NONE;
            if (bigAt.containsKey(i)) {
                b.string(DB, key, text(big[bigAt.get(i)]), Ttl.NONE, "raw");
            } else {
                int bytes = random.nextInt(100) < 2 ? mediumBytes() : logUniform(64, 2048);
                b.string(DB, key, text(bytes), ttl, "raw");
            }
        }
    }

    private void tenants(int n) {
        long[] bigZsets = {3_000_000, 2_000_000, 1_600_000, 1_300_000, 1_200_000};
        long[] bigSets = {2_500_000, 1_800_000, 1_400_000, 1_200_000};
        Map<Integer, Integer> bigAt = bigKeyPlaces(n, bigZsets.length + bigSets.length);
        for (int i = 0; i < n; i++) {
            String stem = TENANT_STEMS[i % TENANT_STEMS.length];
            String tail = Integer.toString(i, 36);
            int kind = random.nextInt(100);
            Integer big = bigAt.get(i);
            if (big != null && big < bigZsets.length) {
                bigZset(stem + "lb/" + tail, bigZsets[big]);
            } else if (big != null) {
                bigSet(stem + "members/" + tail, bigSets[big - bigZsets.length]);
            } else if (kind < 60) {
                b.string(DB, stem + "rl/" + tail, Integer.toString(1 + random.nextInt(5000)), Ttl.MIN_30, "int");
            } else if (kind < 93) {
                b.hash(DB, stem + "cfg/" + tail, record(CONFIG_FIELDS, 6 + random.nextInt(15), 40), Ttl.NONE,
                        enc.compactHash());
            } else {
                b.set(DB, stem + "grp/" + tail, integers(5 + random.nextInt(56)), Ttl.NONE, "intset");
            }
        }
    }

    private void feeds(int n) {
        long[] big = {5_000_000, 4_000_000, 3_000_000, 2_000_000, 1_600_000, 1_400_000, 1_300_000, 1_200_000};
        Map<Integer, Integer> bigAt = bigKeyPlaces(n, big.length);
        for (int i = 0; i < n; i++) {
            String kindName = FEED_KINDS[i % FEED_KINDS.length];
            String key = "feed:" + (7_000_001 + i / FEED_KINDS.length) + ":" + kindName;
            Ttl ttl = kindName.equals("inbox") ? Ttl.DAYS_3 : Ttl.NONE;
            int kind = random.nextInt(1000);
            if (bigAt.containsKey(i)) {
                bigList(key, big[bigAt.get(i)]);
            } else if (kind < 1) {
                b.stream(DB, key, 20 + random.nextInt(181), random);
            } else if (kind < 16) {
                List<String> entries = new ArrayList<>();
                for (int e = mediumBytes() / 160; e > 0; e--) {
                    entries.add(letters(random, 150));
                }
                b.list(DB, key, entries, ttl, "quicklist");
            } else {
                List<String> entries = new ArrayList<>();
                for (int e = 3 + random.nextInt(28); e > 0; e--) {
                    entries.add("post:" + (90_000_000 + random.nextInt(10_000_000)) + ":"
                            + letters(random, 6 + random.nextInt(21)));
                }
                b.list(DB, key, entries, ttl, enc.compactList());
            }
        }
    }

    private void rankings(int n) {
        int games = 40;
        LocalDate first = LocalDate.of(2023, 1, 1);
        for (int i = 0; i < n; i++) {
            String key = String.format("rank:game-%02d:%s", i % games, first.plusDays(i / games));
            Ttl ttl = random.nextBoolean() ? Ttl.DAYS_60 : Ttl.NONE;
            if (random.nextInt(100) < 3) {
                int size = Math.max(129, mediumBytes() / 100);
                String[] findings = size <= 256 ? new String[] {ZSET_NEAR_LIMIT} : new String[0];
                b.zset(DB, key, players(size), ttl, "skiplist", findings);
            } else {
                b.zset(DB, key, players(5 + random.nextInt(116)), ttl, enc.compactZset());
            }
        }
    }

    private void tags(int n) {
        for (int i = 0; i < n; i++) {
            String key = "tags:" + TAG_KINDS[i % TAG_KINDS.length] + ":" + (10_001 + i / TAG_KINDS.length);
            if (random.nextInt(100) < 60) {
                List<String> words = new ArrayList<>(Arrays.asList(TAG_WORDS));
                Collections.shuffle(words, random);
                b.set(DB, key, words.subList(0, 3 + random.nextInt(2)), Ttl.NONE, enc.smallTextSet());
            } else {
                b.set(DB, key, integers(3 + random.nextInt(118)), Ttl.NONE, "intset");
            }
        }
    }

    private void binaries(int n) {
        long sequence = 1_000_000;
        for (int i = 0; i < n; i++) {
            ByteBuffer key = ByteBuffer.allocate(20).put(utf8("bin:"));
            if (i % 2 == 0) {
                key.putLong(0xff00_0000_0000_0000L | sequence++);
            } else {
                byte[] id = new byte[16];
                random.nextBytes(id);
                key.put(id);
            }
            byte[] name = Arrays.copyOf(key.array(), key.position());
            Ttl ttl = random.nextBoolean() ? Ttl.HOURS_18 : Ttl.NONE;
            boolean embedded = random.nextInt(100) < 65;
            byte[] value = new byte[embedded ? 8 + random.nextInt(37) : logUniform(45, 1500)];
            random.nextBytes(value);
            value[0] = (byte) 0x82; // a MessagePack map header, and never a digit, so never an integer
            b.string(DB, name, value, ttl, embedded ? "embstr" : "raw");
        }
    }

    private void shortNames(int n) {
        for (int i = 0; i < n; i++) {
            String key = shortName(i);
            Ttl ttl = random.nextInt(10) < 3 ? Ttl.HOURS_18 : Ttl.NONE;
            if (random.nextInt(100) < 60) {
                b.string(DB, key, Integer.toString(10_000 + random.nextInt(1_000_000_000)), ttl, "int");
            } else {
                b.string(DB, key, "v-" + letters(random, 8 + random.nextInt(23)), ttl, "embstr");
            }
        }
    }

    private void jobs(int n) {
        for (int i = 0; i < n; i++) {
            String key = "job:" + (500_001 + i);
            if (random.nextInt(100) < 80) {
                Ttl ttl = random.nextBoolean() ? Ttl.HOURS_2 : Ttl.HOURS_8;
                b.hash(JOB_DB, key, record(JOB_FIELDS, 4 + random.nextInt(7), 50), ttl, enc.compactHash());
            } else {
                List<String> lines = new ArrayList<>();
                for (int e = 3 + random.nextInt(18); e > 0; e--) {
                    lines.add("step " + e + ": " + letters(random, 10 + random.nextInt(40)));
                }
                b.list(JOB_DB, key, lines, Ttl.HOURS_8, enc.compactList());
            }
        }
    }

    /** A hash in hashtable of 10-200 KB: 80-byte values, over the compact limit of 64. */
    private void mediumHash(String key) {
        int fields = Math.max(1, mediumBytes() / 150);
        Map<byte[], byte[]> values = new LinkedHashMap<>();
        for (int f = 0; f < fields; f++) {
            values.put(utf8(String.format("f%05d", f)), text(80));
        }
        String[] findings = fields <= 512 ? new String[] {HASH_UNDER_LIMIT} : new String[0];
        b.hash(DB, key, values, Ttl.NONE, "hashtable", findings);
    }

    /** About {@code bytes} of hash: 172 bytes a field of 8 characters and a 100-byte value. */
    private void bigHash(String key, long bytes) {
        byte[] name = utf8(key);
        b.custom(DB, key, "hash", "hashtable", new String[0], p -> {
            Map<byte[], byte[]> chunk = new LinkedHashMap<>();
            for (long f = 0; f < bytes / 172; f++) {
                chunk.put(utf8(String.format("f%07d", f)), text(100));
                if (chunk.size() == CHUNK) {
                    p.send(p.commands().hset(name, chunk));
                    chunk = new LinkedHashMap<>();
                }
            }
            if (!chunk.isEmpty()) {
                p.send(p.commands().hset(name, chunk));
            }
        });
    }

    /** About {@code bytes} of list: 207 bytes an element of 200 in quicklist nodes. */
    private void bigList(String key, long bytes) {
        byte[] name = utf8(key);
        b.custom(DB, key, "list", "quicklist", new String[0], p -> {
            for (long left = bytes / 207; left > 0; left -= CHUNK) {
                byte[][] elements = new byte[(int) Math.min(CHUNK, left)][];
                for (int e = 0; e < elements.length; e++) {
                    elements[e] = text(200);
                }
                p.send(p.commands().rpush(name, elements));
            }
        });
    }

    /**
     * About {@code bytes} of sorted set in skiplist: 105 bytes a 13-byte member, give or take the 5% by which
     * the random levels of the first 5 nodes, which {@code MEMORY USAGE} samples, move the measure.
     */
    private void bigZset(String key, long bytes) {
        byte[] name = utf8(key);
        b.custom(DB, key, "zset", "skiplist", new String[0], p -> {
            long members = bytes / 105;
            for (long from = 0; from < members; from += CHUNK) {
                Object[] scored = new Object[2 * (int) Math.min(CHUNK, members - from)];
                for (int m = 0; m < scored.length / 2; m++) {
                    scored[2 * m] = (double) random.nextInt(1_000_000);
                    scored[2 * m + 1] = utf8(String.format("acct-%08d", from + m));
                }
                p.send(p.commands().zadd(name, scored));
            }
        });
    }

    /** About {@code bytes} of set in hashtable: 62 bytes a 13-byte member. */
    private void bigSet(String key, long bytes) {
        byte[] name = utf8(key);
        b.custom(DB, key, "set", "hashtable", new String[0], p -> {
            long members = bytes / 62;
            for (long from = 0; from < members; from += CHUNK) {
                byte[][] chunk = new byte[(int) Math.min(CHUNK, members - from)][];
                for (int m = 0; m < chunk.length; m++) {
                    chunk[m] = utf8(String.format("acct-%08d", from + m));
                }
                p.send(p.commands().sadd(name, chunk));
            }
        });
    }

    /** Distinct random places among a family's {@code n} keys, each mapped to its index in the big keys. */
    private Map<Integer, Integer> bigKeyPlaces(int n, int bigKeys) {
        Map<Integer, Integer> places = new HashMap<>();
        while (places.size() < Math.min(n, bigKeys)) {
            places.putIfAbsent(random.nextInt(n), places.size());
        }
        return places;
    }

    /** The first {@code n} of {@code names} with values of 4 to {@code maxValue} letters. */
    private Map<byte[], byte[]> record(String[] names, int n, int maxValue) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            fields.put(utf8(names[i]), utf8(letters(random, 4 + random.nextInt(maxValue - 3))));
        }
        return fields;
    }

    /** An order of about {@code bytes} as JSON, with as many line items as that takes. */
    private String orderJson(long id, int bytes) {
        StringBuilder json = new StringBuilder(bytes + 64).append("{\"id\":").append(id)
                .append(",\"customer\":").append(4_200_001 + random.nextInt(400_000))
                .append(",\"currency\":\"EUR\",\"items\":[");
        do {
            json.append(json.charAt(json.length() - 1) == '[' ? "" : ",")
                    .append("{\"sku\":\"").append(letters(random, 8))
                    .append("\",\"qty\":").append(1 + random.nextInt(9))
                    .append(",\"price\":").append(100 + random.nextInt(99_900)).append('}');
        } while (json.length() < bytes - 2);
        return json.append("]}").toString();
    }

    /** {@code n} distinct player ids of 8 characters. */
    private List<String> players(int n) {
        int start = random.nextInt(1_000_000);
        int step = 1 + random.nextInt(20);
        List<String> players = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            players.add("u" + (10_000_000 + start + i * step));
        }
        return players;
    }

    /** {@code n} distinct non-negative integers. */
    private List<String> integers(int n) {
        int start = random.nextInt(100_000);
        int step = 1 + random.nextInt(50);
        List<String> integers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            integers.add(Integer.toString(start + i * step));
        }
        return integers;
    }

    /** The {@code i}-th name of letters and digits, shortest first: 62 of 1 character, 3,844 of 2, then 3. */
    private static String shortName(int i) {
        int length = 1;
        for (int names = NAME_CHARS.length(); i >= names; names *= NAME_CHARS.length()) {
            i -= names;
            length++;
        }
        char[] name = new char[length];
        for (int c = length - 1; c >= 0; c--) {
            name[c] = NAME_CHARS.charAt(i % NAME_CHARS.length());
            i /= NAME_CHARS.length();
        }
        return new String(name);
    }

    /** A version-4 UUID, lower case. */
    private String uuid() {
        long high = random.nextLong() & 0xffff_ffff_ffff_0fffL | 0x0000_0000_0000_4000L;
        long low = random.nextLong() & 0x3fff_ffff_ffff_ffffL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /** {@code bytes} random bytes in lower-case hex. */
    private String hex(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        StringBuilder hex = new StringBuilder(2 * bytes);
        for (byte octet : raw) {
            hex.append(Character.forDigit((octet >> 4) & 0xf, 16)).append(Character.forDigit(octet & 0xf, 16));
        }
        return hex.toString();
    }

    /** {@code n} random lower-case letters, drawn 4 at a time: megabytes of them must be quick. */
    private byte[] text(int n) {
        byte[] text = new byte[n];
        random.nextBytes(text);
        for (int i = 0; i < n; i++) {
            text[i] = (byte) ('a' + (text[i] & 0xff) % 26);
        }
        return text;
    }

    /** A size from a Pareto tail of shape 1.1 from 10 KB, redrawn above 200 KB. */
    private int mediumBytes() {
        while (true) {
            double bytes = 10_000 / Math.pow(1 - random.nextDouble(), 1 / 1.1);
            if (bytes <= 200_000) {
                return (int) bytes;
            }
        }
    }

    /** A size between {@code min} and {@code max} whose logarithm is uniform. */
    private int logUniform(int min, int max) {
        return (int) Math.round(min * Math.pow((double) max / min, random.nextDouble()));
    }
}

package io.github.redismem.testing;

import io.github.redismem.testing.KeyspaceDataset.Pipeline;
import io.github.redismem.testing.KeyspaceDataset.Truth;
import io.github.redismem.testing.KeyspaceDataset.Truth.By;
import io.github.redismem.testing.KeyspaceDataset.Truth.Key;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves {@link KeyspaceDataset} against each Redis: its truth must be what the server holds, or the sampler's
 * accuracy tests would measure the dataset's mistakes. Findings are re-derived here from live replies with the rules
 * of docs/sampling.md, independently of the dataset's construction.
 */
class KeyspaceDatasetIT {

    private static final long SEED = 20_240_501L;
    private static final int LARGE_KEYS = 200_000;
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,18})");

    @Test
    void prefixFollowsTheDelimiterRuleAtDepthOne() {
        assertThat(prefix("user:1001:a")).isEqualTo("user:");
        assertThat(prefix("shard7:x")).isEqualTo("shard*:");
        assertThat(prefix("a12b345:c:d")).isEqualTo("a*b*:");
        assertThat(prefix(":x")).isEqualTo(":");
        assertThat(prefix("ключ:1")).isEqualTo("ключ:");
        assertThat(prefix("plain")).isEqualTo("(none)");
        assertThat(prefix("")).isEqualTo("(none)");
    }

    @Test
    void ttlBucketsIncludeTheirUpperBound() {
        assertThat(KeyspaceDataset.ttlBucket(-1)).isEqualTo("none");
        assertThat(KeyspaceDataset.ttlBucket(1)).isEqualTo("1h");
        assertThat(KeyspaceDataset.ttlBucket(3_600_000)).isEqualTo("1h");
        assertThat(KeyspaceDataset.ttlBucket(3_600_001)).isEqualTo("4h");
        assertThat(KeyspaceDataset.ttlBucket(Duration.ofDays(30).toMillis())).isEqualTo("30d");
        assertThat(KeyspaceDataset.ttlBucket(Duration.ofDays(30).toMillis() + 1)).isEqualTo("inf");
    }

    @RedisTest
    void standardDatasetIsWhatTheServerHolds(RedisBinary redis) {
        try (RedisServer server = redis.start()) {
            long start = System.nanoTime();
            Truth truth = KeyspaceDataset.standard(server, SEED);
            report("standard", truth, Duration.ofNanos(System.nanoTime() - start));

            assertThat(truth.keys(By.DB)).isEqualTo(Map.of("0", dbsize(server, 0), "2", dbsize(server, 2)));
            assertOddKeysExist(server, truth);
            assertEncodingsAsIntended(truth);
            assertThat(truth.keys(By.ENCODING)).containsEntry("0|hash|hashtable", 80L)
                    .containsEntry("0|zset|skiplist", 50L).containsEntry("0|stream|stream", 1L);
            assertThat(truth.keys(By.TTL).keySet())
                    .contains("0|none", "0|1h", "0|4h", "0|12h", "0|1d", "0|7d", "0|30d", "0|inf");
            assertThat(truth.keys(By.FINDING))
                    .containsEntry("0|hash_hashtable_under_limit", 60L)
                    .containsEntry("0|zset_skiplist_near_limit", 40L)
                    .containsEntry("0|set_hashtable_under_limit", 60L)
                    .containsEntry("0|string_json_blob", 200L)
                    .containsEntry("0|small_strings_groupable", 1250L)
                    .containsEntry("0|big_key", 1L)
                    .containsEntry("2|string_json_blob", 50L)
                    .doesNotContainKeys("2|big_key", "2|small_strings_groupable");
            assertThat(truth.top(1).get(0).name()).isEqualTo("blob:big".getBytes(StandardCharsets.UTF_8));

            assertMatchesLiveServer(server, truth);
            assertThatThrownBy(() -> KeyspaceDataset.standard(server, SEED))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already holds");
        }
    }

    @RedisTest
    void sameSeedGivesTheSameKeyspace(RedisBinary redis) {
        try (RedisServer first = redis.start(); RedisServer second = redis.start()) {
            Truth a = KeyspaceDataset.standard(first, SEED);
            Truth b = KeyspaceDataset.standard(second, SEED);
            for (By by : By.values()) {
                assertThat(b.keys(by)).isEqualTo(a.keys(by));
            }
            List<String> differ = new ArrayList<>();
            for (int i = 0; i < a.keys().size(); i++) {
                Key x = a.keys().get(i);
                Key y = b.keys().get(i);
                assertThat(y.name()).isEqualTo(x.name());
                // A skiplist node's level is random and MEMORY USAGE samples the first 5 nodes, so a zset in
                // skiplist measures differently on every server; the same server answers the same until it changes.
                if (x.memory() != y.memory() && !x.encoding().equals("skiplist")) {
                    differ.add(x + " vs " + y.memory());
                }
            }
            assertThat(differ).as("keys measured differently on two servers").isEmpty();
        }
    }

    @RedisTest
    void largeDatasetLoadsFastAndSamplesEvenly(RedisBinary redis) {
        try (RedisServer server = redis.start()) {
            long start = System.nanoTime();
            Truth truth = KeyspaceDataset.large(server, LARGE_KEYS, SEED);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            report("large", truth, took);

            assertThat(took).isLessThan(Duration.ofMinutes(2));
            assertThat(truth.keys()).hasSize(LARGE_KEYS);
            assertThat(truth.keys(By.DB)).isEqualTo(Map.of("0", dbsize(server, 0), "2", dbsize(server, 2)));
            assertThat(truth.keys(By.PREFIX)).hasSize(5)
                    .allSatisfy((group, keys) -> assertThat(keys).isGreaterThan(10_000));
            assertEncodingsAsIntended(truth);
            assertMatchesLiveServer(server, truth);

            // the sampler's selection (docs/sampling.md): FNV-1a 64 of the key bytes, then splitmix64's finaliser; a key
            // is sampled when the top 53 bits, read as a fraction, are below the ratio
            assertSampleEstimatesWithin(truth, h -> (mix(h) >>> 11) * 0x1.0p-53 < 0.1, "fnv1a+mix", true);
        }
    }

    @RedisTest
    void heavyTailedDatasetHasEveryNameShapeAndAFewKeysHoldMuchOfTheMemory(RedisBinary redis) {
        try (RedisServer server = redis.start()) {
            long start = System.nanoTime();
            Truth truth = KeyspaceDataset.heavyTailed(server, LARGE_KEYS, 11);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            report("heavy-tailed", truth, took);

            assertThat(took).isLessThan(Duration.ofMinutes(1));
            assertThat(truth.keys()).hasSize(LARGE_KEYS);
            assertThat(truth.keys(By.DB)).isEqualTo(Map.of("0", dbsize(server, 0), "2", dbsize(server, 2)));
            assertThat(truth.keys(By.ENCODING).values()).as("type/encoding groups of 3,000 keys or more")
                    .filteredOn(keys -> keys >= 3000).hasSizeGreaterThanOrEqualTo(4);
            assertThat(truth.keys()).as("keys over 1 MiB")
                    .filteredOn(k -> k.memory() > KeyspaceDataset.BIG_KEY_BYTES).hasSizeGreaterThanOrEqualTo(20);
            long total = truth.memory(By.DB).values().stream().mapToLong(Long::longValue).sum();
            Key biggest = truth.top(1).get(0);
            assertThat(biggest.memory()).isBetween(8L << 20, 20L << 20);
            assertThat(biggest.memory() * 25).as("the biggest key's bytes x 25, against the total")
                    .isGreaterThanOrEqualTo(total);
            assertNameShapes(truth);
            assertSizesHeavyTailed(truth);
            assertEncodingsAsIntended(truth);
            assertMatchesLiveServer(server, truth);
        }
    }

    private static void assertOddKeysExist(RedisServer server, Truth truth) {
        try (Pipeline pipeline = new Pipeline(server, 0)) {
            for (byte[] odd : KeyspaceDataset.oddKeys()) {
                assertThat(pipeline.call(pipeline.commands().exists(odd)))
                        .as("odd key %s", KeyspaceDataset.printable(odd)).isEqualTo(1L);
            }
        }
        assertThat(truth.keys(By.PREFIX)).containsEntry("0|q\"uo\\te:", 1L).containsEntry("0|ключ:", 1L);
    }

    /** Most keys take 50 B to 2 KiB, and over a thousand 8 to 256 KiB. */
    private static void assertSizesHeavyTailed(Truth truth) {
        long[] bounds = {50, 2 << 10, 8 << 10, 256 << 10, 1 << 20};
        List<String> names = List.of("up to 50 B", "50 B-2 KiB", "2-8 KiB", "8-256 KiB", "256 KiB-1 MiB", "over 1 MiB");
        long[] counts = new long[names.size()];
        for (Key key : truth.keys()) {
            int size = 0;
            while (size < bounds.length && key.memory() > bounds[size]) {
                size++;
            }
            counts[size]++;
        }
        Map<String, Long> bySize = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            bySize.put(names.get(i), counts[i]);
        }
        System.out.println("keys by size: " + bySize);
        assertThat(counts[1]).as("keys of 50 B to 2 KiB").isGreaterThan(truth.keys().size() * 9L / 10);
        assertThat(counts[3]).as("keys of 8 to 256 KiB").isGreaterThan(1000);
    }

    /**
     * Each name shape the heavy-tailed dataset promises is there, and most names share all but their last 2 bytes
     * with another name of their length, in their database.
     */
    private static void assertNameShapes(Truth truth) {
        Map<String, Predicate<Key>> shapes = new LinkedHashMap<>();
        shapes.put("sequence number", k -> matches(k, "order:[0-9]{6}"));
        shapes.put("UUID", k -> matches(k, "sess:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        shapes.put("hex digest", k -> matches(k, "h:[0-9a-f]{40}"));
        shapes.put("long stem, short tail", k -> matches(k, "tenant:[a-z0-9-]{40,}/[a-z]+/[0-9a-z]{1,4}"));
        shapes.put("1 character", k -> k.name().length == 1 && k.prefix().equals("(none)"));
        shapes.put("2 characters", k -> k.name().length == 2 && k.prefix().equals("(none)"));
        shapes.put("bytes, not UTF-8", k -> k.prefix().equals("bin:") && !isUtf8(k.name()));
        shapes.put("bytes with 0x00 and 0xff", k -> k.prefix().equals("bin:") && contains(k.name(), 0x00)
                && contains(k.name(), 0xff));
        Map<String, Long> counts = new LinkedHashMap<>();
        shapes.forEach((shape, test) -> counts.put(shape, truth.keys().stream().filter(test).count()));
        System.out.println("keys by name shape: " + counts);
        assertThat(counts).as("keys of each name shape").allSatisfy((shape, n) -> assertThat(n).isPositive());

        Map<ByteBuffer, Integer> stems = new HashMap<>();
        for (Key key : truth.keys()) {
            stems.merge(endless(key), 1, Integer::sum);
        }
        long neighboured = truth.keys().stream().filter(k -> stems.get(endless(k)) > 1).count();
        System.out.printf("names sharing all but their last 2 bytes with another: %,d%n", neighboured);
        assertThat(neighboured * 2).as("names sharing all but their last 2 bytes with another, x 2")
                .isGreaterThan(truth.keys().size());
    }

    /** The key's db, length and name without its last 2 bytes. */
    private static ByteBuffer endless(Key key) {
        byte[] name = key.name();
        ByteBuffer id = ByteBuffer.allocate(name.length + 6).put((byte) key.db()).putInt(name.length);
        return id.put(name, 0, Math.max(0, name.length - 2)).flip();
    }

    private static boolean matches(Key key, String regex) {
        return isUtf8(key.name()) && new String(key.name(), StandardCharsets.UTF_8).matches(regex);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean contains(byte[] bytes, int value) {
        for (byte b : bytes) {
            if ((b & 0xff) == value) {
                return true;
            }
        }
        return false;
    }

    private static void assertEncodingsAsIntended(Truth truth) {
        assertThat(truth.keys()).filteredOn(k -> !k.encoding().equals(k.intendedEncoding()))
                .as("keys whose encoding is not what the dataset meant on %s", truth.version()).isEmpty();
    }

    /**
     * Types, TTL buckets, memory and findings as a sampler would see them, no key without data, and memory unchanged
     * by the sampler's reads.
     */
    private static void assertMatchesLiveServer(RedisServer server, Truth truth) {
        List<Key> keys = truth.keys();
        List<Live> live = Live.inspect(server, keys);
        Thresholds thresholds = Thresholds.of(server);
        Set<String> groupable = groupablePrefixes(keys, live, thresholds);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Key key = keys.get(i);
            Live now = live.get(i);
            Set<String> byRules = findings(key, now, thresholds, groupable, truth.bigKeyBytes());
            if (!now.type().equals(key.dataType()) || !now.encoding().equals(key.encoding())
                    || now.memory() != key.memory() || now.length() == 0
                    || !KeyspaceDataset.ttlBucket(now.pttl()).equals(key.ttl())
                    || !byRules.equals(truth.findings(key))) {
                mismatches.add(key + " ttl " + key.ttl() + " findings " + truth.findings(key) + " but live " + now
                        + " findings " + byRules);
            }
        }
        assertThat(mismatches).as("keys the server sees otherwise").isEmpty();

        // SRANDMEMBER moves an unfinished rehash on, which changes MEMORY USAGE: the dataset avoids such sets. A
        // rehash can take several calls to finish, so probe as many passes of the sampler would.
        Live.probeSets(server, keys, live, thresholds, 20);
        List<Long> again = Live.memory(server, keys);
        List<String> drifted = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (again.get(i) != keys.get(i).memory()) {
                drifted.add(keys.get(i) + " -> " + again.get(i));
            }
        }
        assertThat(drifted).as("keys whose memory changed after the sampler's reads").isEmpty();
    }

    /** The findings docs/sampling.md gives a key from what the server says about it. */
    private static Set<String> findings(Key key, Live live, Thresholds t, Set<String> groupable, long bigKeyBytes) {
        Set<String> found = new TreeSet<>();
        switch (live.type()) {
            case "hash" -> {
                if (live.encoding().equals("hashtable") && live.length() <= t.hashEntries()) {
                    found.add("hash_hashtable_under_limit");
                }
            }
            case "zset" -> {
                if (live.encoding().equals("skiplist") && live.length() <= 2L * t.zsetEntries()) {
                    found.add("zset_skiplist_near_limit");
                }
            }
            case "set" -> {
                boolean integers = live.length() <= t.intsetEntries() && live.sample().stream()
                        .allMatch(m -> INTEGER.matcher(new String(m, StandardCharsets.ISO_8859_1)).matches());
                boolean listpackable = t.setListpackEntries() > 0 && live.length() <= t.setListpackEntries();
                if (live.encoding().equals("hashtable") && (integers || listpackable)) {
                    found.add("set_hashtable_under_limit");
                }
            }
            case "string" -> {
                if (live.encoding().equals("raw") && startsLikeJson(live.head())) {
                    found.add("string_json_blob");
                }
                if (live.encoding().equals("raw") && live.length() >= 1024 && deflatedShare(live.head()) <= 0.7) {
                    found.add("compressible_strings");
                }
                if (live.length() <= t.hashValue() && groupable.contains(key.db() + "|" + key.prefix())) {
                    found.add("small_strings_groupable");
                }
            }
            default -> {
            }
        }
        if (live.pttl() == -1) {
            found.add("no_ttl");
        }
        if (live.memory() > bigKeyBytes) {
            found.add("big_key");
        }
        return found;
    }

    /** The sample gzipped (level 6), less gzip's 18 bytes of framing, over its length. */
    private static double deflatedShare(byte[] sample) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(sample);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return (out.size() - 18.0) / sample.length;
    }

    private static boolean startsLikeJson(byte[] head) {
        for (byte b : head) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    private static Set<String> groupablePrefixes(List<Key> keys, List<Live> live, Thresholds t) {
        Map<String, Integer> small = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Key key = keys.get(i);
            if (live.get(i).type().equals("string") && live.get(i).length() <= t.hashValue()
                    && !key.prefix().equals("(none)")) {
                small.merge(key.db() + "|" + key.prefix(), 1, Integer::sum);
            }
        }
        Set<String> groupable = new TreeSet<>();
        small.forEach((group, n) -> {
            if (n >= KeyspaceDataset.SMALL_STRINGS_MIN_KEYS) {
                groupable.add(group);
            }
        });
        return groupable;
    }

    /** Each group of 10,000+ keys, estimated from a 10% sample by key hash, within 5% in keys and bytes. */
    private static void assertSampleEstimatesWithin(Truth truth, LongPredicate sampled, String reading,
                                                    boolean strict) {
        Map<String, long[]> sample = new TreeMap<>();
        for (Key key : truth.keys()) {
            if (sampled.test(fnv1a(key.name()))) {
                long[] sums = sample.computeIfAbsent(key.db() + "|" + key.prefix(), g -> new long[2]);
                sums[0]++;
                sums[1] += key.memory();
            }
        }
        Map<String, Long> keys = truth.keys(By.PREFIX);
        Map<String, Long> memory = truth.memory(By.PREFIX);
        List<String> off = new ArrayList<>();
        keys.forEach((group, count) -> {
            if (count >= 10_000) {
                long[] sums = sample.getOrDefault(group, new long[2]);
                double keyError = sums[0] * 10.0 / count - 1;
                double byteError = sums[1] * 10.0 / memory.get(group) - 1;
                System.out.printf("  10%% sample (%s) %-10s keys %+.2f%%  bytes %+.2f%%%n", reading, group,
                        100 * keyError, 100 * byteError);
                if (Math.abs(keyError) > 0.05 || Math.abs(byteError) > 0.05) {
                    off.add(group);
                }
            }
        });
        if (strict) {
            assertThat(off).as("groups a 10%% sample (%s) misjudges by over 5%%", reading).isEmpty();
        }
    }

    /** splitmix64's finaliser, written here apart from the production KeyHash so that the two check each other. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long fnv1a(byte[] bytes) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static long dbsize(RedisServer server, int db) {
        try (Pipeline pipeline = new Pipeline(server, db)) {
            return pipeline.call(pipeline.commands().dbsize());
        }
    }

    private static String prefix(String key) {
        return KeyspaceDataset.prefix(key.getBytes(StandardCharsets.UTF_8));
    }

    private static void report(String name, Truth truth, Duration took) {
        System.out.printf("%n== %s dataset on Redis %s: %,d keys built and measured in %,d ms%n", name,
                truth.version(), truth.keys().size(), took.toMillis());
        System.out.println("keys by db: " + truth.keys(By.DB) + ", memory by db: " + truth.memory(By.DB));
        System.out.println("keys by encoding: " + truth.keys(By.ENCODING));
        System.out.println("memory by encoding: " + truth.memory(By.ENCODING));
        System.out.println("keys by prefix: " + truth.keys(By.PREFIX));
        System.out.println("keys without TTL by prefix: " + truth.keysWithoutTtl(By.PREFIX));
        System.out.println("keys by ttl: " + truth.keys(By.TTL));
        System.out.println("memory by ttl: " + truth.memory(By.TTL));
        System.out.println("keys by finding: " + truth.keys(By.FINDING));
        System.out.println("memory by finding: " + truth.memory(By.FINDING));
        System.out.println("top 5: " + truth.top(5));
    }

    /** The encoding thresholds of the server, by the names 6.2 and 7.x both accept; 0 when the server lacks one. */
    private record Thresholds(long hashEntries, long hashValue, long zsetEntries, long intsetEntries,
                              long setListpackEntries) {

        static Thresholds of(RedisServer server) {
            return new Thresholds(get(server, "hash-max-ziplist-entries"), get(server, "hash-max-ziplist-value"),
                    get(server, "zset-max-ziplist-entries"), get(server, "set-max-intset-entries"),
                    get(server, "set-max-listpack-entries"));
        }

        private static long get(RedisServer server, String name) {
            String value = server.admin().configGet(name).get(name);
            return value == null ? 0 : Long.parseLong(value);
        }
    }

    /** What the server says about a key, through the sampler's commands, in the sampler's order. */
    private record Live(String type, String encoding, long pttl, long memory, long length, byte[] head,
                        List<byte[]> sample) {

        static List<Live> inspect(RedisServer server, List<Key> keys) {
            Thresholds thresholds = Thresholds.of(server);
            Map<Integer, Pipeline> pipelines = new HashMap<>();
            try {
                int n = keys.size();
                List<CompletableFuture<String>> types = new ArrayList<>(n);
                List<CompletableFuture<String>> encodings = new ArrayList<>(n);
                List<CompletableFuture<Long>> pttls = new ArrayList<>(n);
                List<CompletableFuture<Long>> memory = new ArrayList<>(n);
                for (Key key : keys) {
                    Pipeline p = pipelines.computeIfAbsent(key.db(), db -> new Pipeline(server, db));
                    types.add(p.send(p.commands().type(key.name())));
                    encodings.add(p.send(p.commands().objectEncoding(key.name())));
                    memory.add(p.memoryUsage(key.name()));
                    pttls.add(p.send(p.commands().pttl(key.name())));
                }
                pipelines.values().forEach(Pipeline::sync);

                List<CompletableFuture<Long>> lengths = new ArrayList<>(n);
                List<CompletableFuture<byte[]>> heads = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    Pipeline p = pipelines.get(keys.get(i).db());
                    byte[] name = keys.get(i).name();
                    String type = types.get(i).join();
                    lengths.add(p.send(switch (type) {
                        case "string" -> p.commands().strlen(name);
                        case "hash" -> p.commands().hlen(name);
                        case "list" -> p.commands().llen(name);
                        case "set" -> p.commands().scard(name);
                        case "zset" -> p.commands().zcard(name);
                        case "stream" -> p.commands().xlen(name);
                        default -> throw new IllegalStateException("unexpected type " + type);
                    }));
                    heads.add(encodings.get(i).join().equals("raw") && type.equals("string")
                            // 4 KiB: the compressibility sample of a string of 1 KiB or more (docs/sampling.md);
                            // whether a string starts like JSON does not depend on how much of it is read
                            ? p.send(p.commands().getrange(name, 0, 4095))
                            : CompletableFuture.completedFuture(new byte[0]));
                }
                pipelines.values().forEach(Pipeline::sync);

                List<CompletableFuture<List<byte[]>>> samples = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    Pipeline p = pipelines.get(keys.get(i).db());
                    boolean probe = isProbed(types.get(i).join(), encodings.get(i).join(), lengths.get(i).join(),
                            thresholds);
                    samples.add(probe ? p.send(p.commands().srandmember(keys.get(i).name(), 5))
                            : CompletableFuture.completedFuture(List.of()));
                }
                pipelines.values().forEach(Pipeline::sync);

                List<Live> live = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    live.add(new Live(types.get(i).join(), encodings.get(i).join(), pttls.get(i).join(),
                            memory.get(i).join(), lengths.get(i).join(), heads.get(i).join(), samples.get(i).join()));
                }
                return live;
            } finally {
                pipelines.values().forEach(Pipeline::close);
            }
        }

        /** Sends {@code SRANDMEMBER key 5} {@code rounds} times to each set the sampler would probe. */
        static void probeSets(RedisServer server, List<Key> keys, List<Live> live, Thresholds t, int rounds) {
            Map<Integer, Pipeline> pipelines = new HashMap<>();
            try {
                for (int i = 0; i < keys.size(); i++) {
                    if (live.get(i).isProbed(t)) {
                        Pipeline p = pipelines.computeIfAbsent(keys.get(i).db(), db -> new Pipeline(server, db));
                        for (int round = 0; round < rounds; round++) {
                            p.send(p.commands().srandmember(keys.get(i).name(), 5));
                        }
                    }
                }
                pipelines.values().forEach(Pipeline::sync);
            } finally {
                pipelines.values().forEach(Pipeline::close);
            }
        }

        /** Whether the sampler sends this key {@code SRANDMEMBER}: a set in hashtable that could be an intset. */
        boolean isProbed(Thresholds t) {
            return isProbed(type, encoding, length, t);
        }

        private static boolean isProbed(String type, String encoding, long length, Thresholds t) {
            return type.equals("set") && encoding.equals("hashtable") && length <= t.intsetEntries();
        }

        static List<Long> memory(RedisServer server, List<Key> keys) {
            Map<Integer, Pipeline> pipelines = new HashMap<>();
            try {
                List<CompletableFuture<Long>> memory = new ArrayList<>(keys.size());
                for (Key key : keys) {
                    memory.add(pipelines.computeIfAbsent(key.db(), db -> new Pipeline(server, db))
                            .memoryUsage(key.name()));
                }
                pipelines.values().forEach(Pipeline::sync);
                return memory.stream().map(CompletableFuture::join).toList();
            } finally {
                pipelines.values().forEach(Pipeline::close);
            }
        }

        @Override
        public String toString() {
            return type + "/" + encoding + " len " + length + " pttl " + pttl + " " + memory + "B";
        }
    }
}

package io.github.redismem.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Fills a real Redis with a keyspace whose make-up is known, for the key sampler's accuracy tests, and returns the
 * {@link Truth} a correct sampler must report about it (docs/sampling.md defines the labels).
 *
 * <p>Counts come from construction; bytes and encodings are asked of the live server afterwards
 * ({@code MEMORY USAGE key SAMPLES 5}, the sampler's own command, and {@code OBJECT ENCODING}), so differences between
 * Redis versions are measured rather than guessed. Writes are pipelined over Lettuce with {@link ByteArrayCodec}:
 * keys are bytes. Nothing here changes the server's configuration or uses {@code DEBUG}, so the thresholds are the
 * version's defaults; every group sits clearly on one side of them on 6.2 and 7.x alike. (6.2.11 and 7.0.15 both
 * answer 512 for {@code hash-max-*-entries}, though 128 is sometimes quoted for 7.x: no hash has 101 to 599 fields
 * unless a value over 64 bytes makes it a hashtable anyway.)
 *
 * <p>The datasets write into databases that must be empty; they throw {@link IllegalStateException} otherwise. Build
 * one dataset per server.
 */
public final class KeyspaceDataset {

    /**
     * The {@code sampling.bigKeyBytes} for accuracy tests: in the standard dataset only {@code blob:big} exceeds it,
     * in the heavy-tailed one its 30 big keys do.
     */
    public static final long BIG_KEY_BYTES = 1L << 20;

    /** The {@code sampling.smallStringsMinKeys} default. */
    public static final int SMALL_STRINGS_MIN_KEYS = 1000;

    /** {@code hash-max-listpack-value} (6.2: {@code hash-max-ziplist-value}) by default: a small string's limit. */
    public static final int SMALL_STRING_MAX_BYTES = 64;

    /** The {@code SAMPLES} argument of {@code MEMORY USAGE}, the sampler's default. */
    public static final int MEMORY_USAGE_SAMPLES = 5;

    static final String HASH_UNDER_LIMIT = "hash_hashtable_under_limit";
    static final String ZSET_NEAR_LIMIT = "zset_skiplist_near_limit";
    private static final String SET_UNDER_LIMIT = "set_hashtable_under_limit";
    static final String JSON_BLOB = "string_json_blob";
    private static final String NO_TTL = "no_ttl";
    private static final String SMALL_STRINGS = "small_strings_groupable";
    private static final String BIG_KEY = "big_key";
    /** A raw string of at least 1 KiB whose first 4 KiB deflate to at most 70%: see {@link #compressible}. */
    private static final String COMPRESSIBLE = "compressible_strings";

    /** docs/sampling.md's rule: 1 KiB or more, and the first 4 KiB gzipped (less its 18-byte framing) to <= 70%. */
    static boolean compressible(byte[] value) {
        if (value.length < 1024) {
            return false;
        }
        byte[] sample = java.util.Arrays.copyOf(value, Math.min(value.length, 4096));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(sample);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return (out.size() - 18.0) / sample.length <= 0.7;
    }

    private KeyspaceDataset() {
    }

    /**
     * Builds the standard dataset (about 4,900 keys in db 0 and 1,300 in db 2, every encoding the version has,
     * every TTL bucket, every finding, and the {@link #oddKeys()}) and measures it.
     *
     * @param server an empty server
     * @param seed the same seed gives the same key names, values and counts
     */
    public static Truth standard(RedisServer server, long seed) {
        try (Builder builder = new Builder(server)) {
            new StandardKeyspace(builder, new Random(seed)).build();
            return builder.measure();
        }
    }

    /**
     * Builds a large dataset of exactly {@code keys} keys in five groups (db 0: {@code session:} 30%, {@code user:}
     * 25%, {@code cache:} 20%, {@code event:} 15%; db 2: {@code job:} 10%), each mixing compact strings, hashes,
     * sets, sorted sets and lists, and measures it. For the {@code sampleRatio} tests; 200,000 keys take seconds.
     *
     * @param server an empty server
     * @param keys how many keys to write
     * @param seed the same seed gives the same key names, values and counts
     */
    public static Truth large(RedisServer server, int keys, long seed) {
        try (Builder builder = new Builder(server)) {
            new LargeKeyspace(builder, new Random(seed)).build(keys);
            return builder.measure();
        }
    }

    /**
     * Builds a heavy-tailed dataset of exactly {@code keys} keys and measures it, for the estimator tests at
     * {@code sampleRatio} 0.1: eleven families (ten in db 0, {@code job:} in db 2), each under its own prefix and
     * dominated by one type, named by sequence numbers, UUIDs, hex digests, long stems with short tails, raw bytes,
     * or 1 to 3 characters without a delimiter. Most keys take 50 B to 2 KB, a Pareto tail 10-200 KB, and 30 big
     * keys 1.2 to 13 MB. At 200,000 keys that is about 230 MB, the biggest key (a hash) about 6% of it, and building
     * and measuring take 15 to 30 seconds on 2 cores. {@link HeavyTailedKeyspace} lists the families.
     *
     * @param server an empty server
     * @param keys how many keys to write, at least 10,000; the 30 big keys are among them whatever the number
     * @param seed the same seed gives the same key names, values and counts
     * @throws IllegalArgumentException if {@code keys} is under 10,000
     */
    public static Truth heavyTailed(RedisServer server, int keys, long seed) {
        try (Builder builder = new Builder(server)) {
            new HeavyTailedKeyspace(builder, new Random(seed)).build(keys);
            return builder.measure();
        }
    }

    /**
     * The standard dataset's awkward key names, all in db 0: the empty name, bytes that are not UTF-8 (with 0x00 and
     * 0xff), quotes and a backslash (prefix {@code q"uo\te:}), a newline, a 4,096-byte name, and Cyrillic (prefix
     * {@code ключ:}).
     */
    public static List<byte[]> oddKeys() {
        return List.of(
                new byte[0],
                new byte[] {0x00, (byte) 0xff, (byte) 0xfe, 'b', 'i', 'n', (byte) 0xc3, 0x28, (byte) 0x80},
                utf8("q\"uo\\te:1"),
                utf8("line1\nline2"),
                utf8("k".repeat(4096)),
                utf8("ключ:1"));
    }

    /**
     * The prefix docs/sampling.md gives a key with the default settings (delimiter {@code :}, depth 1, no patterns):
     * up to and including the first {@code :}, every run of ASCII digits as {@code *}; {@code (none)} without a
     * delimiter. Written independently of the production code, so that the two check each other. The dataset's
     * prefixes are all valid UTF-8.
     */
    public static String prefix(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == ':') {
                // A multi-byte UTF-8 sequence never contains 0x3a, so cutting at the byte is cutting at the character.
                return new String(key, 0, i + 1, StandardCharsets.UTF_8).replaceAll("[0-9]+", "*");
            }
        }
        return "(none)";
    }

    /** The {@code ttl} label of a remaining TTL in milliseconds as {@code PTTL} gives it (-1: none). */
    public static String ttlBucket(long pttlMillis) {
        if (pttlMillis < 0) {
            return "none";
        }
        for (Ttl ttl : Ttl.values()) {
            if (ttl.bound > 0 && pttlMillis <= ttl.bound) {
                return ttl.bucket;
            }
        }
        return "inf";
    }

    /**
     * What a correct sampler reports about a dataset, read through grouped views. Map keys join labels with
     * {@code |}, in label order: {@code "0"}, {@code "0|hash|listpack"}, {@code "0|user:"}, {@code "2|12h"},
     * {@code "0|no_ttl"}. Groups without keys are absent.
     *
     * @param version the server's version
     * @param bigKeyBytes the {@code sampling.bigKeyBytes} the {@code big_key} finding assumes
     * @param keys every key written, in writing order
     */
    public record Truth(String version, long bigKeyBytes, List<Key> keys) {

        /** How {@link #keys(By)} and the other views group keys. */
        public enum By {
            /** {@code db}: total keys (equals {@code DBSIZE}) and memory per database. */
            DB,
            /** {@code db|data_type|encoding}. */
            ENCODING,
            /** {@code db|prefix}, prefixes as {@link KeyspaceDataset#prefix(byte[])} gives them. */
            PREFIX,
            /** {@code db|ttl}: {@code none, 1h, 4h, 12h, 1d, 7d, 30d, inf}. */
            TTL,
            /** {@code db|finding}; a key counts under each of its findings. */
            FINDING
        }

        /**
         * One key as written and measured.
         *
         * @param name the key's bytes (compared by identity in {@code equals}, as arrays are)
         * @param encoding what {@code OBJECT ENCODING} said after the build
         * @param intendedEncoding what the dataset meant to produce on this version; a self-test holds them equal
         * @param memory {@code MEMORY USAGE key SAMPLES 5} after the build
         * @param stringBytes a string's length in bytes ({@code STRLEN}); -1 for other types
         * @param ttl the TTL bucket, from the TTL the dataset set
         * @param findings the findings by construction, without {@code big_key}, which {@link Truth#findings} adds
         */
        public record Key(int db, byte[] name, String dataType, String encoding, String intendedEncoding,
                          long memory, long stringBytes, String ttl, String prefix, Set<String> findings) {

            @Override
            public String toString() {
                return "db" + db + " " + printable(name) + " " + dataType + "/" + encoding + " " + memory + "B";
            }
        }

        public Truth {
            keys = List.copyOf(keys);
        }

        /** The same dataset judged with another {@code sampling.bigKeyBytes}. */
        public Truth withBigKeyBytes(long bytes) {
            return new Truth(version, bytes, keys);
        }

        /** Key counts per group. */
        public Map<String, Long> keys(By by) {
            return sum(by, k -> true, k -> 1);
        }

        /** {@code MEMORY USAGE} bytes per group. */
        public Map<String, Long> memory(By by) {
            return sum(by, k -> true, Key::memory);
        }

        /** Counts of keys without a TTL per group (the {@code no_ttl} finding per prefix, with {@link By#PREFIX}). */
        public Map<String, Long> keysWithoutTtl(By by) {
            return sum(by, k -> k.ttl().equals("none"), k -> 1);
        }

        /** The {@code n} biggest keys by memory; ties go to the lower db, then the lower key bytes (unsigned). */
        public List<Key> top(int n) {
            return keys.stream()
                    .sorted(Comparator.comparingLong(Key::memory).reversed()
                            .thenComparingInt(Key::db)
                            .thenComparing(Key::name, Arrays::compareUnsigned))
                    .limit(n)
                    .toList();
        }

        /** A key's findings, {@code big_key} included when its memory is over {@link #bigKeyBytes()}. */
        public Set<String> findings(Key key) {
            if (key.memory() <= bigKeyBytes) {
                return key.findings();
            }
            Set<String> all = new TreeSet<>(key.findings());
            all.add(BIG_KEY);
            return all;
        }

        private Map<String, Long> sum(By by, Predicate<Key> filter, ToLongFunction<Key> value) {
            Map<String, Long> out = new TreeMap<>();
            for (Key key : keys) {
                if (filter.test(key)) {
                    for (String label : labels(by, key)) {
                        out.merge(label, value.applyAsLong(key), Long::sum);
                    }
                }
            }
            return Collections.unmodifiableMap(out);
        }

        private List<String> labels(By by, Key key) {
            String db = Integer.toString(key.db());
            return switch (by) {
                case DB -> List.of(db);
                case ENCODING -> List.of(db + "|" + key.dataType() + "|" + key.encoding());
                case PREFIX -> List.of(db + "|" + key.prefix());
                case TTL -> List.of(db + "|" + key.ttl());
                case FINDING -> findings(key).stream().map(f -> db + "|" + f).toList();
            };
        }
    }

    /** The TTLs the datasets set: each in the middle of its bucket, so none crosses a bound during a test. */
    enum Ttl {
        NONE(0, 0, "none"),
        MIN_30(TimeUnit.MINUTES.toMillis(30), TimeUnit.HOURS.toMillis(1), "1h"),
        HOURS_2(TimeUnit.HOURS.toMillis(2), TimeUnit.HOURS.toMillis(4), "4h"),
        HOURS_8(TimeUnit.HOURS.toMillis(8), TimeUnit.HOURS.toMillis(12), "12h"),
        HOURS_18(TimeUnit.HOURS.toMillis(18), TimeUnit.DAYS.toMillis(1), "1d"),
        DAYS_3(TimeUnit.DAYS.toMillis(3), TimeUnit.DAYS.toMillis(7), "7d"),
        DAYS_15(TimeUnit.DAYS.toMillis(15), TimeUnit.DAYS.toMillis(30), "30d"),
        DAYS_60(TimeUnit.DAYS.toMillis(60), 0, "inf");

        final long millis;
        /** The bucket's inclusive upper bound; 0 for the open-ended ones. */
        final long bound;
        final String bucket;

        Ttl(long millis, long bound, String bucket) {
            this.millis = millis;
            this.bound = bound;
            this.bucket = bucket;
        }
    }

    /** The compact encodings' names, which changed across versions. */
    record Encodings(RedisVersion version) {

        String compactHash() {
            return version.atLeast(7, 0) ? "listpack" : "ziplist";
        }

        String compactZset() {
            return compactHash();
        }

        /** Before 7.2 every list is a quicklist, however short. */
        String compactList() {
            return version.atLeast(7, 2) ? "listpack" : "quicklist";
        }

        /** A few short non-integer members: listpack from 7.2, a hashtable before. */
        String smallTextSet() {
            return version.atLeast(7, 2) ? "listpack" : "hashtable";
        }
    }

    /**
     * One database connection that sends commands without waiting and waits for them in batches. Package-private so
     * the self-test can inspect the server the same way.
     */
    static final class Pipeline implements AutoCloseable {

        private static final int BATCH = 1000;
        // A batch may carry a 2 MiB value or a few thousand list elements; a slow CI machine must not time out.
        private static final Duration TIMEOUT = Duration.ofSeconds(60);

        private final RedisClient client;
        private final StatefulRedisConnection<byte[], byte[]> connection;
        private final List<CompletableFuture<?>> pending = new ArrayList<>();

        Pipeline(RedisServer server, int db) {
            RedisURI uri = RedisURI.create(server.uri());
            uri.setDatabase(db);
            uri.setTimeout(TIMEOUT);
            client = RedisClient.create(uri);
            try {
                connection = client.connect(ByteArrayCodec.INSTANCE);
            } catch (RuntimeException e) {
                client.shutdown(0, 2, TimeUnit.SECONDS);
                throw e;
            }
            connection.setAutoFlushCommands(false);
        }

        RedisAsyncCommands<byte[], byte[]> commands() {
            return connection.async();
        }

        /** Queues a command's reply; waits for the batch when it is full. */
        <T> CompletableFuture<T> send(RedisFuture<T> reply) {
            CompletableFuture<T> future = reply.toCompletableFuture();
            pending.add(future);
            if (pending.size() >= BATCH) {
                sync();
            }
            return future;
        }

        /** {@code MEMORY USAGE key SAMPLES 5}, which Lettuce's {@code memoryUsage} cannot say. */
        CompletableFuture<Long> memoryUsage(byte[] key) {
            CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE)
                    .add("USAGE").addKey(key).add("SAMPLES").add(MEMORY_USAGE_SAMPLES);
            return send(commands().dispatch(CommandType.MEMORY, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args));
        }

        /** Sends what is queued and this command, and waits for its reply. */
        <T> T call(RedisFuture<T> reply) {
            CompletableFuture<T> future = send(reply);
            sync();
            return future.join();
        }

        /** Sends what is queued and waits for every reply; a failed command fails here. */
        void sync() {
            connection.flushCommands();
            try {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("pipelined command failed", e);
            } finally {
                pending.clear();
            }
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** A key as written: what construction knows, before the server is asked. */
    private record Planned(int db, byte[] key, String type, String encoding, Ttl ttl, long stringBytes,
                           Set<String> findings) {
    }

    /** Writes keys through one pipeline per database, remembers what it wrote, then measures it. */
    static final class Builder implements AutoCloseable {

        private final RedisServer server;
        private final Map<Integer, Pipeline> pipelines = new TreeMap<>();
        private final List<Planned> planned = new ArrayList<>();
        private final Set<ByteBuffer> names = new HashSet<>();
        final Encodings encodings;

        Builder(RedisServer server) {
            this.server = server;
            this.encodings = new Encodings(RedisVersion.parse(server.version()));
        }

        void string(int db, byte[] key, byte[] value, Ttl ttl, String encoding, String... findings) {
            String[] all = findings;
            if (encoding.equals("raw") && compressible(value) && !List.of(findings).contains(COMPRESSIBLE)) {
                all = java.util.Arrays.copyOf(findings, findings.length + 1);
                all[findings.length] = COMPRESSIBLE;
            }
            write(db, key, "string", encoding, ttl, value.length, all, p -> p.send(p.commands().set(key, value)));
        }

        void string(int db, String key, String value, Ttl ttl, String encoding, String... findings) {
            string(db, utf8(key), utf8(value), ttl, encoding, findings);
        }

        void hash(int db, String key, Map<byte[], byte[]> fields, Ttl ttl, String encoding, String... findings) {
            byte[] name = utf8(key);
            write(db, name, "hash", encoding, ttl, -1, findings, p -> p.send(p.commands().hset(name, fields)));
        }

        void set(int db, String key, List<String> members, Ttl ttl, String encoding, String... findings) {
            byte[][] values = members.stream().map(KeyspaceDataset::utf8).toArray(byte[][]::new);
            write(db, utf8(key), "set", encoding, ttl, -1, findings, p -> p.send(p.commands().sadd(utf8(key), values)));
        }

        /** A sorted set whose members score 1, 2, 3... in order. */
        void zset(int db, String key, List<String> members, Ttl ttl, String encoding, String... findings) {
            Object[] scored = new Object[members.size() * 2];
            for (int i = 0; i < members.size(); i++) {
                scored[2 * i] = (double) (i + 1);
                scored[2 * i + 1] = utf8(members.get(i));
            }
            byte[] name = utf8(key);
            write(db, name, "zset", encoding, ttl, -1, findings, p -> p.send(p.commands().zadd(name, scored)));
        }

        void list(int db, String key, List<String> elements, Ttl ttl, String encoding, String... findings) {
            byte[][] values = elements.stream().map(KeyspaceDataset::utf8).toArray(byte[][]::new);
            byte[] name = utf8(key);
            write(db, name, "list", encoding, ttl, -1, findings, p -> p.send(p.commands().rpush(name, values)));
        }

        /** A stream of {@code entries} entries with fixed IDs, so the same seed gives the same radix tree. */
        void stream(int db, String key, int entries, Random random) {
            write(db, utf8(key), "stream", "stream", Ttl.NONE, -1, new String[0], p -> {
                for (int i = 1; i <= entries; i++) {
                    Map<byte[], byte[]> fields = new LinkedHashMap<>();
                    fields.put(utf8("action"), utf8(i % 3 == 0 ? "click" : "view"));
                    fields.put(utf8("user"), utf8(Integer.toString(1000 + random.nextInt(400))));
                    fields.put(utf8("page"), utf8("/" + letters(random, 12)));
                    p.send(p.commands().xadd(utf8(key), new XAddArgs().id("1700000000000-" + i), fields));
                }
            });
        }

        /** Any other way of building a value, such as growing then shrinking it. */
        void custom(int db, String key, String type, String encoding, String[] findings, Consumer<Pipeline> writes) {
            write(db, utf8(key), type, encoding, Ttl.NONE, -1, findings, writes);
        }

        private void write(int db, byte[] key, String type, String encoding, Ttl ttl, long stringBytes,
                           String[] findings, Consumer<Pipeline> writes) {
            // A name written twice would be counted twice while the server holds it once.
            if (!names.add(identity(db, key))) {
                throw new IllegalArgumentException("the dataset writes " + printable(key) + " twice in db " + db);
            }
            Pipeline pipeline = pipeline(db);
            writes.accept(pipeline);
            if (ttl != Ttl.NONE) {
                pipeline.send(pipeline.commands().pexpire(key, ttl.millis));
            }
            Set<String> all = new TreeSet<>(Arrays.asList(findings));
            if (ttl == Ttl.NONE) {
                all.add(NO_TTL);
            }
            planned.add(new Planned(db, key, type, encoding, ttl, stringBytes, all));
        }

        private Pipeline pipeline(int db) {
            return pipelines.computeIfAbsent(db, d -> {
                Pipeline pipeline = new Pipeline(server, d);
                long existing = pipeline.call(pipeline.commands().dbsize());
                if (existing != 0) {
                    pipeline.close();
                    throw new IllegalStateException("db " + d + " already holds " + existing + " keys");
                }
                return pipeline;
            });
        }

        /** Waits for every write, then asks the server each key's encoding and memory. */
        Truth measure() {
            pipelines.values().forEach(Pipeline::sync);
            finishRehashing();
            List<CompletableFuture<String>> encodings = new ArrayList<>(planned.size());
            List<CompletableFuture<Long>> memory = new ArrayList<>(planned.size());
            for (Planned key : planned) {
                Pipeline pipeline = pipelines.get(key.db());
                encodings.add(pipeline.send(pipeline.commands().objectEncoding(key.key())));
                memory.add(pipeline.memoryUsage(key.key()));
            }
            pipelines.values().forEach(Pipeline::sync);
            Set<String> groupable = groupablePrefixes();
            List<Truth.Key> keys = new ArrayList<>(planned.size());
            for (int i = 0; i < planned.size(); i++) {
                Planned key = planned.get(i);
                String prefix = prefix(key.key());
                Set<String> findings = key.findings();
                if (isSmallString(key) && groupable.contains(key.db() + "|" + prefix)) {
                    findings = new TreeSet<>(findings);
                    findings.add(SMALL_STRINGS);
                }
                keys.add(new Truth.Key(key.db(), key.key(), key.type(), encodings.get(i).join(), key.encoding(),
                        memory.get(i).join(), key.stringBytes(), key.ttl().bucket, prefix,
                        Collections.unmodifiableSet(findings)));
            }
            return new Truth(server.version(), BIG_KEY_BYTES, keys);
        }

        /**
         * Brings every hashtable-encoded hash and set out of an incremental rehash. A dictionary that grew while the
         * dataset was written may still hold its old table beside the new one, and MEMORY USAGE counts both: how
         * far the rehash got depends on where the server's random hash seed put the keys, so the same data measured
         * up to a table's size differently on two servers (4,096 bytes on a 680-field hash). Every lookup steps the
         * rehash (dictFind): it moves one non-empty bucket, or gives up after 10 empty ones, so twice as many
         * lookups of an absent member as the value has elements, plus some for a table that shrank (the dataset's
         * hashes cut from 600 fields to 30 leave 1,024 buckets to walk), finish it on every server alike. Nothing
         * is written.
         */
        private void finishRehashing() {
            byte[] absent = utf8("absent-member");
            List<Planned> tables = planned.stream()
                    .filter(k -> k.encoding().equals("hashtable") && (k.type().equals("hash") || k.type().equals("set")))
                    .toList();
            List<CompletableFuture<Long>> sizes = new ArrayList<>(tables.size());
            for (Planned key : tables) {
                Pipeline pipeline = pipelines.get(key.db());
                sizes.add(pipeline.send(key.type().equals("hash") ? pipeline.commands().hlen(key.key())
                        : pipeline.commands().scard(key.key())));
            }
            pipelines.values().forEach(Pipeline::sync);
            for (int i = 0; i < tables.size(); i++) {
                Planned key = tables.get(i);
                Pipeline pipeline = pipelines.get(key.db());
                long lookups = 2 * sizes.get(i).join() + (key.type().equals("hash") ? 128 : 16);
                for (long n = lookups; n > 0; n--) {
                    pipeline.send(key.type().equals("hash") ? pipeline.commands().hexists(key.key(), absent)
                            : pipeline.commands().sismember(key.key(), absent));
                }
            }
            pipelines.values().forEach(Pipeline::sync);
        }

        /** The {@code db|prefix} groups with enough small strings for {@code small_strings_groupable}. */
        private Set<String> groupablePrefixes() {
            Map<String, Integer> smallStrings = new HashMap<>();
            for (Planned key : planned) {
                String prefix = prefix(key.key());
                if (isSmallString(key) && !prefix.equals("(none)")) {
                    smallStrings.merge(key.db() + "|" + prefix, 1, Integer::sum);
                }
            }
            Set<String> groupable = new HashSet<>();
            smallStrings.forEach((group, count) -> {
                if (count >= SMALL_STRINGS_MIN_KEYS) {
                    groupable.add(group);
                }
            });
            return groupable;
        }

        private static boolean isSmallString(Planned key) {
            return key.type().equals("string") && key.stringBytes() <= SMALL_STRING_MAX_BYTES;
        }

        private static ByteBuffer identity(int db, byte[] key) {
            byte[] id = Arrays.copyOf(key, key.length + 1);
            id[key.length] = (byte) db; // the datasets use db 0 and 2 only, so one byte tells them apart
            return ByteBuffer.wrap(id);
        }

        @Override
        public void close() {
            pipelines.values().forEach(Pipeline::close);
        }
    }

    /** Random but reproducible values; every generator keeps members distinct, so sizes are exactly as asked. */
    record Values(Random random) {

        /** {@code n} fields {@code f00000, f00001...} with values of {@code valueBytes} letters. */
        Map<byte[], byte[]> fields(int n, int valueBytes) {
            Map<byte[], byte[]> fields = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                fields.put(utf8(String.format("f%05d", i)), utf8(letters(random, valueBytes)));
            }
            return fields;
        }

        /** {@code n} short words that are not integers. */
        List<String> words(String stem, int n) {
            List<String> words = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                words.add(stem + "-" + letters(random, 6) + "-" + i);
            }
            return words;
        }

        /** {@code n} fixed-width members, so that {@code MEMORY USAGE}'s 5 samples represent every member. */
        List<String> members(int n) {
            List<String> members = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                members.add(String.format("m%05d", i));
            }
            return members;
        }

        /** {@code n} distinct non-negative integers. */
        List<String> integers(int n) {
            long start = random.nextInt(100_000);
            long step = 1 + random.nextInt(50);
            List<String> integers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                integers.add(Long.toString(start + i * step));
            }
            return integers;
        }

        /** A JSON document over 64 bytes: an array when {@code i % 4 == 0}, after spaces when {@code i % 3 == 0}. */
        String json(int i) {
            String lead = i % 3 == 0 ? " ".repeat(1 + i % 4) : "";
            if (i % 4 == 0) {
                List<String> items = new ArrayList<>();
                for (int k = 0; k < 3 + random.nextInt(3); k++) {
                    items.add("{\"id\":" + random.nextInt(100_000) + ",\"sku\":\"" + letters(random, 8)
                            + "\",\"qty\":" + (1 + random.nextInt(9)) + "}");
                }
                return lead + "[" + String.join(",", items) + "]";
            }
            return lead + "{\"id\":" + i + ",\"name\":\"" + letters(random, 8) + "\",\"email\":\"" + letters(random, 6)
                    + "@example.com\",\"tags\":[\"a\",\"b\"],\"active\":true,\"note\":\""
                    + letters(random, 40 + random.nextInt(60)) + "\"}";
        }
    }

    /**
     * The standard dataset. Key names are {@code group:<id>:<field>} with numeric ids, so depth 1 gives
     * {@code user:} and depth 2 {@code user:*:}; {@code queue<shard>:<id>} gives {@code queue*:} at depth 1.
     */
    private static final class StandardKeyspace {

        private static final int DB = 0;
        private static final int OTHER_DB = 2;
        private static final Ttl[] TTLS = {Ttl.MIN_30, Ttl.HOURS_2, Ttl.HOURS_8, Ttl.HOURS_18, Ttl.DAYS_3,
            Ttl.DAYS_15, Ttl.DAYS_60};

        private final Builder b;
        private final Encodings enc;
        private final Random random;
        private final Values values;

        StandardKeyspace(Builder builder, Random random) {
            this.b = builder;
            this.enc = builder.encodings;
            this.random = random;
            this.values = new Values(random);
        }

        void build() {
            users();
            sessions();
            caches();
            counters();
            queues();
            rankings(DB, 150, 40, 10);
            integerSets(DB, 60, 10);
            hashes(DB, 20, 40, 20);
            singles();
            otherDb();
        }

        /** {@code user:}: 400 profiles, 400 names, 300 tag sets, 300 friend sets, 200 bios; no TTL. */
        private void users() {
            for (int i = 0; i < 400; i++) {
                String user = "user:" + (1000 + i) + ":";
                b.hash(DB, user + "profile", values.fields(8, 12), Ttl.NONE, enc.compactHash());
                b.string(DB, user + "name", "User " + letters(random, 10), Ttl.NONE, "embstr");
                if (i < 300) {
                    // 3 or 4 members: a hashtable of 4 slots that never rehashes, so SRANDMEMBER cannot change it.
                    b.set(DB, user + "tags", values.words("tag", 3 + i % 2), Ttl.NONE, enc.smallTextSet());
                    b.set(DB, user + "friends", values.integers(10 + random.nextInt(41)), Ttl.NONE, "intset");
                }
                if (i < 200) {
                    b.string(DB, user + "bio", "Bio: " + letters(random, 100 + random.nextInt(100)), Ttl.NONE, "raw");
                }
            }
        }

        /** {@code session:}: 700 compact hashes, 100 in each TTL bucket from {@code 1h} to {@code inf}. */
        private void sessions() {
            for (int i = 0; i < 700; i++) {
                b.hash(DB, "session:" + (50_000 + i), values.fields(4, 16), TTLS[i % TTLS.length], enc.compactHash());
            }
        }

        /** {@code cache:}: 200 HTML pages (raw, 40 without TTL), 200 JSON documents (raw), 300 flags (embstr). */
        private void caches() {
            for (int i = 0; i < 200; i++) {
                String page = "<html><body>" + letters(random, 300 + random.nextInt(300)) + "</body></html>";
                Ttl ttl = i % 5 == 0 ? Ttl.NONE : i % 2 == 0 ? Ttl.HOURS_2 : Ttl.HOURS_8;
                b.string(DB, "cache:page:" + (1 + i), page, ttl, "raw");
            }
            for (int i = 0; i < 200; i++) {
                Ttl ttl = i % 2 == 0 ? Ttl.MIN_30 : Ttl.HOURS_18;
                b.string(DB, "cache:api:" + (1 + i), values.json(i), ttl, "raw", JSON_BLOB);
            }
            for (int i = 0; i < 300; i++) {
                Ttl ttl = i % 2 == 0 ? Ttl.DAYS_3 : Ttl.DAYS_15;
                b.string(DB, "cache:flag:" + (1 + i), "flag-" + letters(random, 8), ttl, "embstr");
            }
        }

        /** {@code cnt:}: 1,000 integer counters without TTL and 250 timestamps (embstr), all small strings. */
        private void counters() {
            for (int i = 0; i < 1000; i++) {
                String count = Long.toString(1 + random.nextInt(10_000_000));
                b.string(DB, "cnt:" + (1000 + i) + ":views", count, Ttl.NONE, "int");
            }
            for (int i = 0; i < 250; i++) {
                String time = String.format("2024-05-%02dT%02d:%02d:00Z", 1 + i % 28, i % 24, i % 60);
                b.string(DB, "cnt:" + (1000 + i) + ":last", time, Ttl.DAYS_3, "embstr");
            }
        }

        /** {@code queue*:} (8 shards): 200 short lists and 20 long ones of 2,000-3,900 elements of 100 bytes. */
        private void queues() {
            for (int i = 0; i < 200; i++) {
                b.list(DB, "queue" + i % 8 + ":" + (1000 + i), values.words("job", 5 + random.nextInt(16)), Ttl.NONE,
                        enc.compactList());
            }
            for (int i = 0; i < 20; i++) {
                List<String> elements = new ArrayList<>();
                for (int k = 0; k < 2000 + 100 * i; k++) {
                    elements.add(letters(random, 100));
                }
                b.list(DB, "queue" + i % 8 + ":" + (5000 + i), elements, Ttl.NONE, "quicklist");
            }
        }

        /** {@code rank:}: compact zsets (10-50 members), near-limit skiplists (129..256) and big ones (300+). */
        private void rankings(int db, int compact, int nearLimit, int big) {
            String group = db == DB ? "rank:" : "board:";
            for (int i = 0; i < compact; i++) {
                b.zset(db, group + (1000 + i), values.members(10 + random.nextInt(41)), Ttl.NONE, enc.compactZset());
            }
            for (int i = 0; i < nearLimit; i++) {
                int size = 129 + i * 127 / Math.max(1, nearLimit - 1); // both bounds, 129 and 256, are included
                b.zset(db, group + (3000 + i), values.members(size), Ttl.NONE, "skiplist", ZSET_NEAR_LIMIT);
            }
            for (int i = 0; i < big; i++) {
                b.zset(db, group + (5000 + i), values.members(300 + 50 * i), Ttl.NONE, "skiplist");
            }
        }

        /**
         * {@code idx:}: integer sets pushed into a hashtable (20..492 members), then big ones (900+, over
         * {@code set-max-intset-entries}); {@code tag:} (db 0 only): 10 big sets of words.
         */
        private void integerSets(int db, int forced, int big) {
            // Over 64 bytes, so that 7.2+ goes to hashtable too instead of listpack.
            byte[] intruder = utf8("not-an-integer-" + "x".repeat(60));
            for (int i = 0; i < forced; i++) {
                // Not a power of two: the converted hashtable is pre-sized above it, so it never rehashes, and
                // SRANDMEMBER (which moves a rehash on) leaves MEMORY USAGE as it was.
                int size = 20 + 8 * i;
                List<String> members = values.integers(Integer.bitCount(size) == 1 ? size + 1 : size);
                byte[] key = utf8("idx:" + (1000 + i));
                b.custom(db, "idx:" + (1000 + i), "set", "hashtable", new String[] {SET_UNDER_LIMIT}, p -> {
                    p.send(p.commands().sadd(key, members.stream().map(KeyspaceDataset::utf8).toArray(byte[][]::new)));
                    p.send(p.commands().sadd(key, intruder));
                    p.send(p.commands().srem(key, intruder));
                });
            }
            for (int i = 0; i < big; i++) {
                b.set(db, "idx:" + (5000 + i), values.integers(900 + 10 * i), Ttl.NONE, "hashtable");
            }
            if (db == DB) {
                for (int i = 0; i < 10; i++) {
                    b.set(db, "tag:" + (1000 + i), values.words("member", 600 + 10 * i), Ttl.NONE, "hashtable");
                }
            }
        }

        /**
         * {@code obj:}: big hashes (600+ fields), hashes in hashtable for one 100-byte value (5 fields: MEMORY USAGE
         * samples 5 elements in an order the server's random hash seed decides, so with more fields of unequal size
         * two servers measured the same hash differently), and hashes grown to 600 fields then cut to 30..87: the
         * last two are {@code hash_hashtable_under_limit}.
         */
        private void hashes(int db, int big, int longValue, int shrunk) {
            for (int i = 0; i < big; i++) {
                b.hash(db, "obj:" + (1000 + i), values.fields(600 + 20 * i, 40), Ttl.NONE, "hashtable");
            }
            for (int i = 0; i < longValue; i++) {
                Map<byte[], byte[]> fields = values.fields(4, 10);
                fields.put(utf8("description"), utf8(letters(random, 100)));
                b.hash(db, "obj:" + (3000 + i), fields, Ttl.NONE, "hashtable", HASH_UNDER_LIMIT);
            }
            for (int i = 0; i < shrunk; i++) {
                Map<byte[], byte[]> fields = values.fields(600, 20);
                byte[][] extra = fields.keySet().stream().skip(30 + 3L * i).toArray(byte[][]::new);
                byte[] key = utf8("obj:" + (5000 + i));
                b.custom(db, "obj:" + (5000 + i), "hash", "hashtable", new String[] {HASH_UNDER_LIMIT}, p -> {
                    p.send(p.commands().hset(key, fields));
                    p.send(p.commands().hdel(key, extra));
                });
            }
        }

        /** A stream, the big key, two keys without a delimiter, and the odd keys. */
        private void singles() {
            b.stream(DB, "events:1001", 500, random);
            b.string(DB, "blob:big", "x".repeat(2 << 20), Ttl.NONE, "raw", COMPRESSIBLE);
            b.string(DB, "leader", "node-" + letters(random, 6), Ttl.NONE, "embstr");
            b.string(DB, "schema_version", "42", Ttl.NONE, "int");
            List<byte[]> odd = oddKeys();
            for (int i = 0; i < odd.size(); i++) {
                b.string(DB, odd.get(i), utf8("odd-" + i), Ttl.NONE, "embstr");
            }
        }

        /** db 2: jobs, locks, stats, feeds, JSON documents, a stream, and a few keys of each other finding. */
        private void otherDb() {
            for (int i = 0; i < 500; i++) {
                Ttl ttl = i % 2 == 0 ? Ttl.DAYS_15 : Ttl.DAYS_60;
                b.hash(OTHER_DB, "job:" + (1000 + i), values.fields(6, 10), ttl, enc.compactHash());
            }
            for (int i = 0; i < 300; i++) {
                b.string(OTHER_DB, "lock:" + (1000 + i), "owner-" + letters(random, 8), Ttl.MIN_30, "embstr");
                b.string(OTHER_DB, "stat:" + (1000 + i), Long.toString(random.nextInt(1_000_000)), Ttl.NONE, "int");
            }
            for (int i = 0; i < 100; i++) {
                b.list(OTHER_DB, "feed:" + (1000 + i), values.words("post", 3 + random.nextInt(8)), Ttl.NONE,
                        enc.compactList());
            }
            for (int i = 0; i < 50; i++) {
                b.string(OTHER_DB, "doc:" + (1000 + i), values.json(i), Ttl.NONE, "raw", JSON_BLOB);
            }
            rankings(OTHER_DB, 0, 5, 0);
            integerSets(OTHER_DB, 5, 0);
            hashes(OTHER_DB, 0, 5, 0);
            b.stream(OTHER_DB, "events:2001", 50, random);
            b.string(OTHER_DB, "config", "{}-not-json-" + letters(random, 4), Ttl.NONE, "embstr");
            b.string(OTHER_DB, "version", "7", Ttl.NONE, "int");
            b.string(OTHER_DB, "leader", "node-" + letters(random, 6), Ttl.NONE, "embstr");
        }
    }

    /** The large dataset: five big groups of small mixed keys, {@code group:<id>:<kind>}. */
    private static final class LargeKeyspace {

        private record Group(int db, String name, double share, Ttl... ttls) {
        }

        private static final List<Group> GROUPS = List.of(
                new Group(0, "session", 0.30, Ttl.MIN_30, Ttl.HOURS_2, Ttl.HOURS_8, Ttl.HOURS_18),
                new Group(0, "user", 0.25, Ttl.NONE),
                new Group(0, "cache", 0.20, Ttl.DAYS_3, Ttl.DAYS_15, Ttl.NONE),
                new Group(0, "event", 0.15, Ttl.DAYS_60, Ttl.NONE),
                new Group(2, "job", 0.10, Ttl.MIN_30, Ttl.NONE));

        private final Builder b;
        private final Encodings enc;
        private final Random random;
        private final Values values;

        LargeKeyspace(Builder builder, Random random) {
            this.b = builder;
            this.enc = builder.encodings;
            this.random = random;
            this.values = new Values(random);
        }

        void build(int keys) {
            int written = 0;
            for (int g = 0; g < GROUPS.size(); g++) {
                Group group = GROUPS.get(g);
                int count = g == GROUPS.size() - 1 ? keys - written : (int) Math.round(keys * group.share());
                for (int id = 100_000; id < 100_000 + count; id++) {
                    key(group.db(), group.name() + ":" + id + ":", group.ttls()[random.nextInt(group.ttls().length)]);
                }
                written += count;
            }
        }

        /**
         * One key of a kind drawn at random: 30% integers, 15% embstr, 10% raw text, 20% hashes, 8% intsets, 5% word
         * sets, 7% sorted sets, 5% lists; all compact, from about 50 to 700 bytes, so that a 10% sample of a group
         * estimates its bytes as well as its count. The kind is also the key's last letter.
         */
        private void key(int db, String stem, Ttl ttl) {
            int kind = random.nextInt(100);
            if (kind < 30) {
                b.string(db, stem + "n", Long.toString(1 + random.nextInt(1_000_000_000)), ttl, "int");
            } else if (kind < 45) {
                b.string(db, stem + "s", "v-" + letters(random, 10 + random.nextInt(30)), ttl, "embstr");
            } else if (kind < 55) {
                b.string(db, stem + "r", "text " + letters(random, 80 + random.nextInt(320)), ttl, "raw");
            } else if (kind < 75) {
                b.hash(db, stem + "h", values.fields(3 + random.nextInt(10), 8 + random.nextInt(16)), ttl,
                        enc.compactHash());
            } else if (kind < 83) {
                b.set(db, stem + "i", values.integers(3 + random.nextInt(28)), ttl, "intset");
            } else if (kind < 88) {
                b.set(db, stem + "t", values.words("w", 3 + random.nextInt(2)), ttl, enc.smallTextSet());
            } else if (kind < 95) {
                b.zset(db, stem + "z", values.members(3 + random.nextInt(18)), ttl, enc.compactZset());
            } else {
                b.list(db, stem + "l", values.words("e", 3 + random.nextInt(13)), ttl, enc.compactList());
            }
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String letters(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    /** Printable ASCII as is, other bytes as {@code \xNN}, cut after 60 characters: for messages only. */
    static String printable(byte[] key) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < key.length && out.length() < 60; i++) {
            int b = key[i] & 0xff;
            out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return out.append(out.length() >= 60 ? "...\"" : "\"").toString();
    }
}

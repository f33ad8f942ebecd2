package io.github.redismem.analysis;

import io.github.redismem.bench.Records;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.redis.KeyFacts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Generated, deterministic keyspaces of realistic {@link KeyFacts}, and the settings and passes built from them. In
 * this package because {@link PassAggregator} is package-private; public so benchmarks in other packages can use it.
 *
 * <p>The keyspace looks like a Redis 7.0 of a few applications: 96 prefix families ({@code service-entity:}) whose
 * sizes follow a Zipf law, each with a dominant type and TTL habit; 5% of keys under {@code shardN:} (digits that
 * the prefixer folds to {@code *}), 2% without a delimiter, 1% with UTF-8 ids and 0.3% with binary ids. By count:
 * strings 58% (int, embstr, raw, raw holding JSON with its first 64 bytes as head), hashes 20%, zsets 8%, lists 6%,
 * sets 5%, streams 1%, module keys 0.3% (a prefix's dominant type shifts these a little); TTLs by prefix habit
 * (5%, 50% or 95% of its keys have one); 1 in 200 collection keys is above 10 MiB.
 * Memory sizes follow the structures' sizes as Redis 7.0 allocates them, roughly.
 */
public final class BenchData {
  private static final String[] SERVICES = {"shop", "auth", "billing", "search", "feed", "chat", "media", "geo",
      "notify", "analytics", "inventory", "crm"};
  private static final String[] ENTITIES = {"user", "session", "order", "product", "cache", "rate", "lock", "event"};
  private static final String[] NO_DELIMITER = {"leaderboard_daily", "counter_signups", "feature_flags",
      "maintenance_mode", "global_config", "last_deploy"};
  private static final String[] WORDS = {"alpha", "bravo", "carbon", "delta", "ember", "falcon", "garnet", "harbor",
      "indigo", "jasper", "kepler", "lumen", "meadow", "nimbus", "onyx", "prairie"};
  private static final String[] UTF8_NAMES = {"josé", "müller", "łódź", "søren", "ñandú", "東京", "Ελλάδα", "café"};

  /** One key of the keyspace with its database. */
  public record Key(int db, KeyFacts facts) {}

  private BenchData() {}

  // ---- settings ----

  /** The sampling settings of the defaults (config Setting.java), with the given top keys and prefix cap. */
  public static SamplingSettings settings(int topKeys, int maxPrefixes, List<Pattern> prefixPatterns) {
    Map<String, Object> v = new HashMap<>();
    v.put("enabled", true);
    v.put("interval", Duration.ofMinutes(1));
    v.put("maxKeysPerSecond", 0L);
    v.put("maxRedisTimeRatio", 0.05);
    v.put("sampleRatio", 1.0);
    v.put("memoryUsageSamples", 5);
    v.put("topKeys", topKeys);
    v.put("prefixDelimiters", ":");
    v.put("prefixDepth", 1);
    v.put("prefixPatterns", prefixPatterns);
    v.put("maxPrefixes", maxPrefixes);
    v.put("bigKeyBytes", 10L << 20);
    v.put("smallStringsMinKeys", 1000);
    v.put("onPrimary", true);
    v.put("maxBatchKeys", 250);
    return Records.make(SamplingSettings.class, v);
  }

  /** Redis 7.0 with the CONFIG GET of the samples: hash 128/64, zset 128/64, intset 512, no listpack sets. */
  public static Thresholds thresholds() {
    Map<String, Object> v = new HashMap<>();
    v.put("hashMaxEntries", 128L);
    v.put("hashMaxValue", 64L);
    v.put("zsetMaxEntries", 128L);
    v.put("zsetMaxValue", 64L);
    v.put("setMaxIntsetEntries", 512L);
    v.put("setMaxListpackEntries", 0L);
    v.put("setMaxListpackValue", 0L);
    v.put("fromConfigGet", true);
    return Records.make(Thresholds.class, v);
  }

  public static SavingsModel savings() {
    return new SavingsModel(7, 0);
  }

  // ---- passes ----

  /** A fresh aggregator, as KeySampler makes one per pass. */
  static PassAggregator aggregator(SamplingSettings settings) {
    return new PassAggregator(settings, thresholds(), savings(), Estimator.forPass(settings.sampleRatio(), 0));
  }

  /** Aggregates the keys and finishes the pass as KeySampler does, sample ratio 1. */
  public static PassResult pass(SamplingSettings settings, Key[] keys) {
    PassAggregator a = aggregator(settings);
    for (Key k : keys) {
      a.add(k.db(), k.facts());
    }
    return a.finish(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofSeconds(42), 17, 0.031, java.util.Optional.empty());
  }

  /**
   * The pass of the exposition benchmark: 16 databases of 20,000 keys, topKeys=100, maxPrefixes=50. Checks that it
   * is as large as meant (100 top keys, 50 prefixes plus other in every database, every finding in every database).
   */
  public static PassResult largePass() {
    PassResult pass = pass(settings(100, 50, List.of()), keyspace(16 * 20_000, 16, -1, 7));
    check(pass.topKeys().size() == 100, "top keys: " + pass.topKeys().size());
    Map<Integer, Integer> prefixes = new TreeMap<>();
    pass.prefixes().forEach(p -> prefixes.merge(p.db(), 1, Integer::sum));
    check(prefixes.size() == 16 && prefixes.values().stream().allMatch(n -> n == 51), "prefixes per db: " + prefixes);
    Map<Integer, Set<Finding>> findings = new TreeMap<>();
    pass.findings().forEach(f -> findings.computeIfAbsent(f.db(), d -> EnumSet.noneOf(Finding.class)).add(f.finding()));
    check(findings.size() == 16 && findings.values().stream().allMatch(s -> s.size() == Finding.values().length),
        "findings per db: " + findings);
    return pass;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("generated pass is not the intended shape: " + what);
    }
  }

  // ---- keyspace ----

  /**
   * {@code count} keys over {@code databases} databases: db0 takes {@code db0Share} of them and the others share the
   * rest evenly, or all are even when {@code db0Share} is negative.
   */
  public static Key[] keyspace(int count, int databases, double db0Share, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Family[] families = families(new SplittableRandom(seed ^ 0x5eed));
    double[] zipf = zipfCumulative(families.length, 1.0);
    Key[] out = new Key[count];
    for (int i = 0; i < count; i++) {
      int db;
      if (databases <= 1) {
        db = 0;
      } else if (db0Share < 0) {
        db = r.nextInt(databases);
      } else {
        db = r.nextDouble() < db0Share ? 0 : 1 + r.nextInt(databases - 1);
      }
      Family f = families[pick(zipf, r.nextDouble())];
      out[i] = new Key(db, key(f, r, i));
    }
    return out;
  }

  /** The key names alone. */
  public static byte[][] names(Key[] keys) {
    byte[][] out = new byte[keys.length][];
    for (int i = 0; i < keys.length; i++) {
      out[i] = keys[i].facts().key();
    }
    return out;
  }

  private enum Kind { INT, EMBSTR, RAW, JSON, HASH_LP, HASH_HT, LIST, SET_INT, SET_HT, ZSET_LP, ZSET_SL, STREAM, MODULE }

  /** Share of keys of each kind, in Kind order (sums to 1). */
  private static final double[] KIND_SHARE = {0.14, 0.30, 0.08, 0.06, 0.16, 0.04, 0.06, 0.02, 0.03, 0.06, 0.02,
      0.01, 0.003};
  private static final double[] KIND_CUMULATIVE = cumulative(KIND_SHARE);

  private record Family(String prefix, Kind primary, double ttlShare) {}

  private static Family[] families(SplittableRandom r) {
    List<Family> out = new ArrayList<>();
    double[] ttlHabits = {0.05, 0.5, 0.95};
    for (String s : SERVICES) {
      for (String e : ENTITIES) {
        Kind primary = Kind.values()[pick(KIND_CUMULATIVE, r.nextDouble())];
        out.add(new Family(s + "-" + e + ":", primary, ttlHabits[r.nextInt(3)]));
      }
    }
    // shuffle so that the Zipf ranks do not follow the name order
    for (int i = out.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      Family t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out.toArray(Family[]::new);
  }

  private static KeyFacts key(Family f, SplittableRandom r, int serial) {
    double shape = r.nextDouble();
    String prefix = f.prefix();
    byte[] name;
    if (shape < 0.05) {
      name = ascii("shard" + r.nextInt(16) + ":" + prefix + id(r, serial));
    } else if (shape < 0.07) {
      name = ascii(NO_DELIMITER[r.nextInt(NO_DELIMITER.length)] + "_" + WORDS[r.nextInt(WORDS.length)] + serial);
    } else if (shape < 0.08) {
      name = (prefix + UTF8_NAMES[r.nextInt(UTF8_NAMES.length)] + "-" + serial).getBytes(StandardCharsets.UTF_8);
    } else if (shape < 0.083) {
      byte[] p = ascii(prefix);
      name = new byte[p.length + 16];
      System.arraycopy(p, 0, name, 0, p.length);
      for (int i = p.length; i < name.length; i++) {
        name[i] = (byte) r.nextInt(256);
      }
    } else {
      name = ascii(prefix + id(r, serial));
    }
    Kind kind = r.nextDouble() < 0.85 ? f.primary() : Kind.values()[pick(KIND_CUMULATIVE, r.nextDouble())];
    long ttl = r.nextDouble() < f.ttlShare() ? logUniform(r, 1_000, 90L * 86_400_000) : -1;
    return facts(kind, name, ttl, r);
  }

  private static String id(SplittableRandom r, int serial) {
    double form = r.nextDouble();
    if (form < 0.55) {
      return Integer.toString(1 + r.nextInt(50_000_000));
    }
    if (form < 0.75) {
      return new java.util.UUID(r.nextLong(), r.nextLong()).toString();
    }
    if (form < 0.9) {
      return (1 + r.nextInt(5_000_000)) + ":" + WORDS[r.nextInt(WORDS.length)];
    }
    return WORDS[r.nextInt(WORDS.length)] + "." + WORDS[r.nextInt(WORDS.length)] + serial + "@example.com";
  }

  private static KeyFacts facts(Kind kind, byte[] key, long ttl, SplittableRandom r) {
    long keyEntry = 24 + sds(key.length);
    boolean big = r.nextDouble() < 0.005;
    switch (kind) {
      case INT -> {
        long len = 1 + r.nextInt(10);
        return new KeyFacts(key, "string", "int", keyEntry + 16, ttl, len, null, null);
      }
      case EMBSTR -> {
        long len = 1 + r.nextInt(44);
        return new KeyFacts(key, "string", "embstr", keyEntry + alloc(len + 20), ttl, len, null, null);
      }
      case RAW -> {
        long len = logUniform(r, 45, 64 * 1024);
        byte[] head = new byte[(int) Math.min(64, len)];
        boolean binary = r.nextBoolean();
        for (int i = 0; i < head.length; i++) {
          head[i] = binary ? (byte) r.nextInt(256) : (byte) (' ' + r.nextInt(95));
        }
        // text starts with a letter, binary as gzip does: neither looks like JSON
        head[0] = binary ? (byte) 0x1f : (byte) ('a' + r.nextInt(26));
        return new KeyFacts(key, "string", "raw", keyEntry + 16 + sds(len), ttl, len, head, null);
      }
      case JSON -> {
        byte[] doc = json(r, (int) logUniform(r, 80, 16 * 1024));
        byte[] head = java.util.Arrays.copyOf(doc, Math.min(64, doc.length));
        return new KeyFacts(key, "string", "raw", keyEntry + 16 + sds(doc.length), ttl, doc.length, head, null);
      }
      case HASH_LP -> {
        long n = 1 + r.nextInt(128);
        long lp = 7 + n * (2 + 4 + r.nextInt(12) + 2 + 1 + r.nextInt(60));
        return new KeyFacts(key, "hash", "listpack", keyEntry + 16 + alloc(lp), ttl, n, null, null);
      }
      case HASH_HT -> {
        long n = big ? 200_000 + r.nextInt(400_000) : logUniform(r, 1, 2_000);
        long per = 24 + sds(6 + r.nextInt(10)) + sds(65 + r.nextInt(200));
        return new KeyFacts(key, "hash", "hashtable", keyEntry + 16 + 56 + 8 * buckets(n) + n * per, ttl, n, null,
            null);
      }
      case LIST -> {
        long n = big ? 1_000_000 + r.nextInt(2_000_000) : logUniform(r, 1, 100_000);
        long elem = 4 + r.nextInt(60);
        long nodes = Math.max(1, n * (elem + 2) / 8192 + 1);
        return new KeyFacts(key, "list", "quicklist", keyEntry + 16 + 40 + n * (elem + 2) + nodes * 32, ttl, n, null,
            null);
      }
      case SET_INT -> {
        long n = 1 + r.nextInt(512);
        return new KeyFacts(key, "set", "intset", keyEntry + 16 + alloc(8 + 4 * n), ttl, n, null, null);
      }
      case SET_HT -> {
        long n = big ? 300_000 + r.nextInt(300_000) : logUniform(r, 1, 5_000);
        Boolean integers = n <= 512 ? r.nextDouble() < 0.4 : null;
        long member = Boolean.TRUE.equals(integers) ? sds(8) : sds(10 + r.nextInt(30));
        return new KeyFacts(key, "set", "hashtable", keyEntry + 16 + 56 + 8 * buckets(n) + n * (24 + member), ttl, n,
            null, integers);
      }
      case ZSET_LP -> {
        long n = 1 + r.nextInt(128);
        return new KeyFacts(key, "zset", "listpack", keyEntry + 16 + alloc(7 + n * (12 + r.nextInt(30))), ttl, n,
            null, null);
      }
      case ZSET_SL -> {
        long n = big ? 200_000 + r.nextInt(200_000) : 129 + logUniform(r, 1, 50_000);
        long per = 24 + 50 + sds(8 + r.nextInt(40));
        return new KeyFacts(key, "zset", "skiplist", keyEntry + 16 + 688 + 56 + 8 * buckets(n) + n * per, ttl, n,
            null, null);
      }
      case STREAM -> {
        long n = big ? 500_000 + r.nextInt(500_000) : logUniform(r, 1, 200_000);
        return new KeyFacts(key, "stream", "stream", keyEntry + 16 + 600 + n * 32, ttl, n, null, null);
      }
      default -> {
        return new KeyFacts(key, "ReJSON-RL", "raw", keyEntry + 16 + logUniform(r, 200, 50_000), ttl, -1, null,
            null);
      }
    }
  }

  /** A JSON document of about {@code target} bytes: mostly flat objects, some nested early, some arrays. */
  private static byte[] json(SplittableRandom r, int target) {
    StringBuilder b = new StringBuilder(target + 64);
    double shape = r.nextDouble();
    if (shape < 0.1) {
      b.append("[{\"id\":").append(r.nextInt(1_000_000)).append('}');
      while (b.length() < target) {
        b.append(",{\"id\":").append(r.nextInt(1_000_000)).append(",\"v\":\"").append(WORDS[r.nextInt(16)]).append("\"}");
      }
      return ascii(b.append(']').toString());
    }
    b.append('{');
    if (shape < 0.3) {
      b.append("\"meta\":{\"v\":").append(r.nextInt(9)).append("},");
    }
    b.append("\"id\":").append(1 + r.nextInt(50_000_000));
    b.append(",\"name\":\"").append(WORDS[r.nextInt(16)]).append(' ').append(WORDS[r.nextInt(16)]).append('"');
    b.append(",\"active\":").append(r.nextBoolean());
    b.append(",\"score\":").append(r.nextInt(100_000) / 100.0);
    int i = 0;
    while (b.length() < target) {
      b.append(",\"attr").append(i++).append("\":\"");
      int words = 1 + r.nextInt(12);
      for (int w = 0; w < words; w++) {
        b.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(16)]);
      }
      b.append('"');
    }
    return ascii(b.append('}').toString());
  }

  // ---- helpers ----

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static long logUniform(SplittableRandom r, long lo, long hi) {
    return Math.max(lo, Math.min(hi, Math.round(Math.exp(r.nextDouble(Math.log(lo), Math.log(hi + 1))))));
  }

  private static double[] zipfCumulative(int n, double s) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 1 / Math.pow(i + 1, s);
    }
    return cumulative(w);
  }

  private static double[] cumulative(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double[] c = new double[weights.length];
    double run = 0;
    for (int i = 0; i < weights.length; i++) {
      run += weights[i] / total;
      c[i] = run;
    }
    c[c.length - 1] = 1.0;
    return c;
  }

  private static int pick(double[] cumulative, double u) {
    int i = java.util.Arrays.binarySearch(cumulative, u);
    return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
  }

  private static long alloc(long bytes) {
    if (bytes <= 8) {
      return 8;
    }
    if (bytes <= 128) {
      long step = bytes <= 64 ? 8 : 16;
      return (bytes + step - 1) / step * step;
    }
    long step = Long.highestOneBit(bytes - 1) >> 2;
    return (bytes + step - 1) / step * step;
  }

  private static long sds(long len) {
    long header = len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : 9;
    return alloc(header + len + 1);
  }

  private static long buckets(long n) {
    long size = 4;
    while (size < n) {
      size <<= 1;
    }
    return size;
  }
}

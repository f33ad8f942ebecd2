package io.github.redismem.report;

import io.github.redismem.analysis.Finding;
import io.github.redismem.analysis.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The concrete fix of each finding: the setting to change with its current value and the server version's name
 * for it, the commands to run, or the schema change, with an example taken from the finding's own keys.
 */
final class FixAdvice {
  // Redis 7.0 renamed ziplist settings to listpack (keeping the old names as aliases); 6.2 knows only ziplist.
  private static final Pattern NUMERIC_ID = Pattern.compile("^(.*?)(\\d+)(\\d\\d)$");
  private static final String NO_TTL_NOTE = "memory without TTL: only eviction or a DEL frees it";
  private static final String RE_ENCODE = "re-encode each key: DUMP <key>, then RESTORE <key> 0 <payload> REPLACE"
      + " (or restart from an RDB file: keys are re-encoded as they load)";

  private FixAdvice() {}

  /**
   * @param redisMajor the server's major version (picks the setting names); 0 when unknown
   * @param noTtlPrefixes the database's prefixes with keys without TTL, most first, for the no_ttl fix
   */
  static Report.Fix of(Finding finding, Thresholds t, int redisMajor, List<Report.KeyRow> examples,
      List<String> noTtlPrefixes) {
    return of(finding, t, redisMajor, examples, noTtlPrefixes, 0);
  }

  /**
   * As above, with the share of the keys' memory that fixing them would free ({@code reclaimable / bytes}), which
   * the fixes of long_key_names and compressible_strings quote.
   */
  static Report.Fix of(Finding finding, Thresholds t, int redisMajor, List<Report.KeyRow> examples,
      List<String> noTtlPrefixes, double savedShare) {
    String compact = redisMajor > 0 && redisMajor < 7 ? "ziplist" : "listpack";
    return switch (finding) {
      case HASH_HASHTABLE_UNDER_LIMIT -> new Report.Fix("config",
          "These hashes have at most " + t.hashMaxEntries() + " fields, few enough for the compact " + compact
              + " encoding, but a value is longer than hash-max-" + compact + "-value (" + t.hashMaxValue()
              + " bytes) or the hash grew and shrank, so Redis keeps it as a hashtable. Raise the value limit above"
              + " the longest value, then rewrite the keys.",
          List.of("find the longest value: EVAL \"local m=0 for _,v in ipairs(redis.call('HVALS',KEYS[1])) do"
                  + " m=math.max(m,#v) end return m\" 1 <key>",
              "CONFIG SET hash-max-" + compact + "-value <longest + 1> (now " + t.hashMaxValue() + ")",
              "CONFIG REWRITE (or put hash-max-" + compact + "-value in redis.conf)",
              RE_ENCODE));
      case ZSET_SKIPLIST_NEAR_LIMIT -> new Report.Fix("config",
          "These sorted sets have at most " + 2 * t.zsetMaxEntries() + " members, just over zset-max-" + compact
              + "-entries (" + t.zsetMaxEntries() + "), so each member costs a skiplist node and a dict entry."
              + " A " + compact + " is several times smaller; its operations are O(N), fine at this size.",
          List.of("CONFIG SET zset-max-" + compact + "-entries " + 2 * t.zsetMaxEntries() + " (now "
                  + t.zsetMaxEntries() + ")",
              "if members are longer than " + t.zsetMaxValue() + " bytes: CONFIG SET zset-max-" + compact
                  + "-value <longest member + 1>",
              "CONFIG REWRITE (or put the same lines in redis.conf)",
              RE_ENCODE));
      case SET_HASHTABLE_UNDER_LIMIT -> new Report.Fix("command",
          "These sets are small enough for an intset (integer members, at most " + t.setMaxIntsetEntries() + ")"
              + (t.setMaxListpackEntries() > 0 ? " or a listpack (at most " + t.setMaxListpackEntries() + ")" : "")
              + " but once grew past it: Redis never converts a set back. Rewriting the key re-encodes it.",
          setSteps(t));
      case STRING_JSON_BLOB -> new Report.Fix("schema",
          "These strings hold JSON documents: every update rewrites the whole value and the syntax ({\"\": ,}) is"
              + " stored with the data. A hash stores one field per attribute, smaller while it stays a " + compact
              + ", and updatable field by field.",
          List.of("instead of SET <key> '{\"name\":\"a\",\"age\":3}': HSET <key> name a age 3",
              "read with HGETALL or HMGET <key> name age; update one attribute with HSET <key> age 4",
              "keep each hash under " + t.hashMaxEntries() + " fields and " + t.hashMaxValue()
                  + "-byte values so it stays a " + compact + "; nested objects can stay JSON in one field"));
      case NO_TTL -> new Report.Fix("command",
          "These keys never expire. A TTL bounds how long cache and session data hold memory; on data meant to"
              + " live forever it frees nothing, and none is needed.",
          noTtlSteps(noTtlPrefixes));
      case SMALL_STRINGS_GROUPABLE -> new Report.Fix("schema",
          "Each of these small strings costs a key of its own: a dict entry, a key object and allocator overhead,"
              + " often more than the value. As fields of a small hash (" + compact + ") they cost a few bytes"
              + " each.",
          smallStringSteps(examples, t, compact));
      case BIG_KEY -> new Report.Fix("schema",
          "A big key blocks Redis while it is deleted, expired, migrated or read whole, and lands on one shard"
              + " in a cluster. Splitting it moves memory rather than freeing it.",
          List.of("split the value over several keys: <key>:<n>, with n = hash of the field or member mod N",
              "delete big keys with UNLINK <key>, which frees memory in the background, not DEL",
              "CONFIG SET lazyfree-lazy-user-del yes (so DEL frees in the background too; Redis 6.0+)"));
      case LONG_KEY_NAMES -> new Report.Fix("schema",
          "The names of these keys take at least a fifth of their memory, and they share a long"
              + " prefix (" + LONG_PREFIX + " bytes or more). Every key stores its whole name, so a shorter prefix"
              + " frees bytes in every key: shortened to 4 bytes, about " + percent(savedShare)
              + " of their memory (names are allocated in 8- or 16-byte steps, which the estimate follows).",
          longNameSteps(examples));
      case COMPRESSIBLE_STRINGS -> new Report.Fix("schema",
          "These strings are at least 1 KiB and their first 4 KiB (or the whole value, if shorter) deflate well:"
              + " compressed client-side they would take about " + percent(savedShare) + " less memory (gzip level"
              + " 6 on the sample; zstd usually does a little better, snappy and lz4 worse but faster).",
          List.of("compress before writing: SET <key> gzip(<value>) (or zstd/snappy), and decompress after GET;"
                  + " mark the format in the key or a leading byte so old and new values can coexist",
              "values are then opaque to Redis: no GETRANGE, APPEND, SETRANGE or Lua reading into them",
              "rewrite existing keys as the application next writes them, or with a one-off SCAN + GET + SET"));
    };
  }

  private static final int LONG_PREFIX = 10;

  private static String percent(double share) {
    return share <= 0 ? "part" : ReportFormat.percent(share);
  }

  private static List<String> longNameSteps(List<Report.KeyRow> examples) {
    String example = examples.isEmpty() ? "session:user:profile:<id> -> sup:<id>"
        : examples.get(0).key() + " -> a 4-byte prefix + the same id";
    return List.of("shorten the shared prefix in the application: " + example,
        "existing keys: RENAME <key> <short key> (or write new keys under the short prefix and let the old ones"
            + " expire)",
        "keep a table of the abbreviations in the code, so the names stay readable to people");
  }

  private static List<String> setSteps(Thresholds t) {
    List<String> steps = new ArrayList<>();
    if (t.setMaxListpackEntries() > 0) {
      steps.add("if members are longer than " + t.setMaxListpackValue() + " bytes: CONFIG SET"
          + " set-max-listpack-value <longest member + 1>");
    }
    steps.add(RE_ENCODE);
    return steps;
  }

  private static List<String> noTtlSteps(List<String> prefixes) {
    List<String> steps = new ArrayList<>();
    steps.add("set a TTL when writing: SET <key> <value> EX <seconds>, or EXPIRE <key> <seconds> afterwards");
    if (!prefixes.isEmpty()) {
      steps.add("start with the prefixes holding most keys without TTL: " + String.join(", ", prefixes));
    }
    steps.add("if Redis is only a cache: CONFIG SET maxmemory-policy allkeys-lru (with a maxmemory), so keys"
        + " without TTL are evicted rather than filling memory");
    return steps;
  }

  private static List<String> smallStringSteps(List<Report.KeyRow> examples, Thresholds t, String compact) {
    String example = "instead of SET <prefix><id> <value>: HSET <prefix><id without its last 2 digits>"
        + " <last 2 digits> <value>";
    for (Report.KeyRow k : examples) {
      Matcher m = NUMERIC_ID.matcher(k.key());
      if (m.matches()) {
        example = "instead of SET " + k.key() + " <value>: HSET " + m.group(1) + m.group(2) + " " + m.group(3)
            + " <value> (read with HGET " + m.group(1) + m.group(2) + " " + m.group(3) + ")";
        break;
      }
    }
    return List.of(example,
        "100 fields per hash keeps it under hash-max-" + compact + "-entries (" + t.hashMaxEntries()
            + "); values must stay under hash-max-" + compact + "-value (" + t.hashMaxValue() + " bytes)",
        "a field cannot expire on its own before Redis 7.4 (HEXPIRE): group only keys that share a lifetime");
  }

  /**
   * What the report shows instead of an estimated saving, for a finding whose reclaimable bytes (0) are no estimate
   * of what its fix frees; empty for the others.
   */
  static Optional<String> savingNote(Finding finding) {
    return finding == Finding.NO_TTL ? Optional.of(NO_TTL_NOTE) : Optional.empty();
  }

  /** A short title for each finding. */
  static String title(Finding finding) {
    return switch (finding) {
      case HASH_HASHTABLE_UNDER_LIMIT -> "Small hashes stored as hashtables";
      case ZSET_SKIPLIST_NEAR_LIMIT -> "Sorted sets just over the compact limit";
      case SET_HASHTABLE_UNDER_LIMIT -> "Small sets stored as hashtables";
      case STRING_JSON_BLOB -> "JSON documents stored as strings";
      case NO_TTL -> "Keys without a TTL";
      case SMALL_STRINGS_GROUPABLE -> "Many small strings that could be hash fields";
      case BIG_KEY -> "Big keys";
      case LONG_KEY_NAMES -> "Long key names under a shared prefix";
      case COMPRESSIBLE_STRINGS -> "Big strings that compress well";
    };
  }
}

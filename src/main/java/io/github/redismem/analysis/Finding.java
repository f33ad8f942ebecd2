package io.github.redismem.analysis;

/** The memory anti-patterns the sampler detects (docs/sampling.md), each with the fix it suggests. */
public enum Finding {
  HASH_HASHTABLE_UNDER_LIMIT("hash_hashtable_under_limit",
      "Raise hash-max-listpack-value above the longest value, then DUMP/RESTORE the key (or reload from RDB)."),
  ZSET_SKIPLIST_NEAR_LIMIT("zset_skiplist_near_limit",
      "Raise zset-max-listpack-entries above the member count (and -value if members are long), then DUMP/RESTORE."),
  SET_HASHTABLE_UNDER_LIMIT("set_hashtable_under_limit",
      "DUMP/RESTORE the key so it is re-encoded as an intset or listpack (raise set-max-listpack-value if needed)."),
  STRING_JSON_BLOB("string_json_blob",
      "Store each document as a hash, one field per attribute: smaller, and updatable field by field."),
  NO_TTL("no_ttl", "Give cache keys a TTL with EXPIRE, or confirm they are meant to live forever."),
  SMALL_STRINGS_GROUPABLE("small_strings_groupable",
      "Group the small strings as fields of hashes (HSET prefix:<id without last 2 digits> <last 2 digits> value)."),
  BIG_KEY("big_key", "Split the value; a big key blocks Redis when deleted, migrated or read whole."),
  LONG_KEY_NAMES("long_key_names",
      "Shorten the long prefix the keys share (e.g. session:user:profile: -> sup:); names are stored once per key."),
  COMPRESSIBLE_STRINGS("compressible_strings",
      "Compress the values client-side (gzip, zstd or snappy) before SET; decompress after GET.");

  private final String label;
  private final String fix;

  Finding(String label, String fix) {
    this.label = label;
    this.fix = fix;
  }

  public String label() {
    return label;
  }

  public String fix() {
    return fix;
  }
}

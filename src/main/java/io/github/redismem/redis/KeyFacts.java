package io.github.redismem.redis;

/**
 * What the sampler learned about one key. {@code encoding} is {@code unknown} where OBJECT is unavailable and
 * {@code memoryBytes} -1 where MEMORY USAGE is (the sampler then infers or estimates them);
 * {@code ttlMillis} is -1 for no TTL; {@code length} is the element count (bytes for strings, -1 for module
 * types); {@code head} holds the first bytes of a raw string (64; 4096 of one of
 * at least 1024 bytes, a sample for compressibility) and {@code integerMembers} says whether a probe of a
 * small hashtable set found only integers (both null when not fetched); {@code elements} are the lengths of a few
 * elements of a hash, set, sorted set or list, read only where MEMORY USAGE is not permitted (else null, as where
 * the sampling command was refused too).
 */
public record KeyFacts(byte[] key, String type, String encoding, long memoryBytes, long ttlMillis, long length,
    byte[] head, Boolean integerMembers, ElementSample elements) {

  /** Facts without an element sample: MEMORY USAGE measured the key, or no sample could be read. */
  public KeyFacts(byte[] key, String type, String encoding, long memoryBytes, long ttlMillis, long length,
      byte[] head, Boolean integerMembers) {
    this(key, type, encoding, memoryBytes, ttlMillis, length, head, integerMembers, null);
  }
}

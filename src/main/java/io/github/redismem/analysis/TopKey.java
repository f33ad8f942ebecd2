package io.github.redismem.analysis;

/** One of the biggest keys of a pass; {@code key} is {@link KeyText} of its bytes. */
public record TopKey(int db, String key, DataType dataType, String encoding, long bytes, long elements,
    long ttlMillis) {

  /** Builds the entry lazily: turning key bytes into text is only worth it for keys that make a list. */
  record Builder(int db, io.github.redismem.redis.KeyFacts facts, DataType type) {
    TopKey build() {
      return new TopKey(db, KeyText.of(facts.key()), type, facts.encoding(), facts.memoryBytes(), facts.length(),
          facts.ttlMillis());
    }
  }
}

package io.github.redismem.analysis;

/**
 * One of the biggest keys of a pass; {@code key} is the name as {@code sampling.keyNames} shows it
 * ({@link KeyDisplay}): {@link KeyText} of its bytes by default.
 *
 * @param node the node holding the key, {@code host:port} as the cluster announces it ({@link PassMerge}); empty
 *     when the pass is one node's and nothing else is known
 */
public record TopKey(int db, String key, DataType dataType, String encoding, long bytes, long elements,
    long ttlMillis, String node) {
  public TopKey {
    java.util.Objects.requireNonNull(node, "node");
  }

  /** A key of a single node's pass: no node. */
  public TopKey(int db, String key, DataType dataType, String encoding, long bytes, long elements, long ttlMillis) {
    this(db, key, dataType, encoding, bytes, elements, ttlMillis, "");
  }

  /** The same key, held by {@code node}. */
  public TopKey withNode(String node) {
    return new TopKey(db, key, dataType, encoding, bytes, elements, ttlMillis, node);
  }

  /**
   * Builds the entry lazily, once: turning key bytes into text (or a keyed hash) is only worth it for keys that make
   * a list, and one key may make several (top keys, a finding's examples).
   */
  static final class Builder {
    private final int db;
    private final io.github.redismem.redis.KeyFacts facts;
    private final DataType type;
    private final String prefix;
    private final KeyDisplay display;
    private TopKey built;

    /** @param prefix the key's prefix group, from its real name */
    Builder(int db, io.github.redismem.redis.KeyFacts facts, DataType type, String prefix, KeyDisplay display) {
      this.db = db;
      this.facts = facts;
      this.type = type;
      this.prefix = prefix;
      this.display = display;
    }

    TopKey build() {
      if (built == null) {
        built = new TopKey(db, display.of(facts.key(), prefix), type, facts.encoding(), facts.memoryBytes(),
            facts.length(), facts.ttlMillis());
      }
      return built;
    }
  }
}

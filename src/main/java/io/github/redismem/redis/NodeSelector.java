package io.github.redismem.redis;

/**
 * Which node the sampler reads, asked at the start of every pass so that the choice follows failovers and role
 * changes ({@code sampling.readFrom}); a pass then runs on the one reader it was given, start to end, so that no
 * key is counted on two nodes. Used by the sampler's thread only; closing it closes its readers.
 */
public interface NodeSelector extends AutoCloseable {

  /**
   * Reads the replication of redis.addr and returns the node to sample now, with a reader on it. The reader stays
   * open, and is the same object, for as long as the same node is chosen.
   *
   * @throws SamplingException when redis.addr does not answer (a failure of the pass's first call)
   */
  Choice choose() throws SamplingException;

  @Override
  void close();

  /**
   * A node and the reader on it.
   *
   * @param node {@code host:port} as redis.addr or INFO replication names it; empty when not known (a reader
   *     given as is, {@link #of})
   */
  record Choice(String node, KeyspaceReader reader) {}

  /** Always {@code reader}: a sampler of one node, with no choice to make (tests, fakes). */
  static NodeSelector of(KeyspaceReader reader) {
    return new NodeSelector() {
      @Override
      public Choice choose() {
        return new Choice("", reader);
      }

      @Override
      public void close() {
        reader.close();
      }
    };
  }
}

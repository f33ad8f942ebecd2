package io.github.redismem.analysis;

import io.github.redismem.redis.ElementSample;

/**
 * What a stream's entries cost, from its sample: the time its entries span (the first element, an integer's code)
 * and the fields and values of its first entry, taken as the shape of every entry (the usual case: entries of one
 * producer have the same fields, which a stream node then stores once, in its master entry). Without a sample, one
 * field and one value of {@link ElementCosts#ASSUMED_LENGTH} bytes, a second apart.
 *
 * @param fields the master entry's field entries, in bytes
 * @param values an entry's value entries, in bytes
 * @param text the fields' and values' text, in bytes (what the node size limit counts)
 * @param gapMillis the mean time between entries
 */
record StreamCosts(double fields, double values, double text, double gapMillis) {
  private static final double ASSUMED_GAP_MILLIS = 1000;
  /** sizeof(stream): 6.2, 7.0 (first id, max deleted id and entries added are new). */
  private static final int[] STREAM_STRUCT = {40, 80};
  private static final int NODE_ENTRIES = 100;
  private static final int NODE_BYTES = 4096;
  /** What MEMORY USAGE counts for a radix tree node: sizeof(raxNode) and 30 words. */
  private static final int RAX_NODE = 4 + 240;
  /**
   * Tree nodes per stream node, as increasing 128-bit ids make them: an assumption (a compressed node and a leaf
   * per id), whose error the measured stream figures in docs/security.md include.
   */
  private static final double RAX_NODES_PER_KEY = 2;

  static StreamCosts of(ElementSample sample, long entries, boolean listpack) {
    if (sample == null || sample.size() < 3) {
      double entry = ElementCosts.entry(ElementCosts.ASSUMED_LENGTH, (byte) 0, listpack);
      return new StreamCosts(entry, entry, 2.0 * ElementCosts.ASSUMED_LENGTH, ASSUMED_GAP_MILLIS);
    }
    double fields = 0;
    double values = 0;
    double text = 0;
    for (int i = 1; i + 1 < sample.size(); i += 2) {
      fields += ElementCosts.entry(sample.lengths()[i], sample.integers()[i], listpack);
      values += ElementCosts.entry(sample.lengths()[i + 1], sample.integers()[i + 1], listpack);
      text += sample.lengths()[i] + sample.lengths()[i + 1];
    }
    // the span is known to its bit length: taken at three quarters of its range
    int bits = Math.abs(sample.integers()[0]) - 1;
    double span = bits <= 0 ? 0 : 0.75 * Math.pow(2, bits);
    return new StreamCosts(fields, values, text, span / Math.max(1, entries - 1));
  }

  /**
   * A stream of {@code entries} as MEMORY USAGE counts it, without its robj: nodes of up to 100 entries
   * (stream-node-max-entries) or 4 KiB (stream-node-max-bytes), each a listpack (header {@code 7} or, before 7.0,
   * ziplist-sized {@code 11}) holding a master entry (the fields) and per entry its flags, id as deltas from the
   * master's, values and element count; the radix tree of the nodes, counted as 16 bytes a node and 244 a tree
   * node. From 7.0 on ({@code rounded}) a closed node is shrunk to fit and the last one is allocated 4 KiB.
   */
  double bytes(long entries, boolean listpack, boolean rounded, int quantum) {
    int header = listpack ? 7 : 11;
    if (entries == 0) {
      return STREAM_STRUCT[listpack ? 1 : 0];
    }
    // ids a millisecond or more apart: ms deltas of up to a node's span, seq deltas 0; closer: small seq deltas,
    // often negative (the next millisecond restarts at 0)
    double ms = gapMillis >= 1 ? SavingsModel.intEntry(Math.round(gapMillis * NODE_ENTRIES / 4.0), listpack) : 2;
    double seq = gapMillis >= 1 ? 2 : 3;
    double entry = 2 + ms + seq + values + 2;
    double master = 2 + 2 + 2 + fields + 2;
    long byBytes = 1 + (long) Math.max(0, (NODE_BYTES - header - master - text) / entry);
    long perNode = Math.max(1, Math.min(NODE_ENTRIES, byBytes));
    long nodes = (entries + perNode - 1) / perNode;
    double fullBytes = header + master + perNode * entry;
    double full = rounded ? SavingsModel.allocation(Math.round(fullBytes), quantum) : fullBytes;
    double lastBytes = header + master + (entries - (nodes - 1) * perNode) * entry;
    double last = rounded ? Math.max(NODE_BYTES, SavingsModel.allocation(Math.round(lastBytes), quantum)) : lastBytes;
    double tree = nodes * 16.0 + RAX_NODES_PER_KEY * nodes * RAX_NODE;
    return STREAM_STRUCT[listpack ? 1 : 0] + tree + (nodes - 1) * full + last;
  }
}

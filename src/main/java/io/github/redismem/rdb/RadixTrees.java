package io.github.redismem.rdb;

import java.util.Collection;

/**
 * Node counts of the radix trees a stream keeps (its nodes by master id, each group's and consumer's pending
 * entries), which MEMORY USAGE counts at 244 bytes a node. Redis's rax stores a run of bytes with one child as one
 * compressed node, a byte where keys part as one branching node, and each key's end as a leaf; so the count follows
 * from the 16-byte ids (milliseconds, then sequence, big-endian) alone, which a snapshot gives. Pure.
 */
final class RadixTrees {
  private static final int ID_BYTES = 16;

  private RadixTrees() {}

  /** Nodes of a tree holding {@code ids}, each {ms, seq}, in ascending order; an empty tree is its root. */
  static long nodes(Collection<long[]> ids) {
    if (ids.isEmpty()) {
      return 1;
    }
    byte[][] keys = new byte[ids.size()][];
    int i = 0;
    for (long[] id : ids) {
      keys[i++] = key(id[0], id[1]);
    }
    return nodes(keys, 0, keys.length, 0);
  }

  private static long nodes(byte[][] keys, int from, int to, int depth) {
    if (to - from == 1) {
      return depth < ID_BYTES ? 2 : 1; // the rest of the key in one node, then its leaf
    }
    int common = depth;
    while (common < ID_BYTES && keys[from][common] == keys[to - 1][common]) {
      common++; // sorted keys: what the first and the last share, all share
    }
    long count = (common > depth ? 1 : 0) + 1; // the shared run, then the branching node
    int start = from;
    for (int k = from + 1; k <= to; k++) {
      if (k == to || keys[k][common] != keys[start][common]) {
        count += nodes(keys, start, k, common + 1);
        start = k;
      }
    }
    return count;
  }

  private static byte[] key(long ms, long seq) {
    byte[] key = new byte[ID_BYTES];
    for (int b = 0; b < 8; b++) {
      key[b] = (byte) (ms >>> (56 - 8 * b));
      key[8 + b] = (byte) (seq >>> (56 - 8 * b));
    }
    return key;
  }
}

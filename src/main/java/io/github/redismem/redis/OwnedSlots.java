package io.github.redismem.redis;

import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The hash slots whose keys a pass counts: in a Redis Cluster, those the sampled node's shard owned as the pass
 * started; anywhere else (or where the node would not say), every key. A cluster node's SCAN is not slot-routed: a
 * node importing a slot returns the keys already moved to it, which the shard still owning the slot counts too, so
 * a key whose slot is not in the set is not inspected and not counted ({@code redismem_scan_keys_not_owned}).
 * Read afresh at each pass's start, so that a slot that moved since is counted by its new shard from then on.
 */
final class OwnedSlots {
  /** Every key counts: not a cluster, or the shard's slots unknown. */
  static final OwnedSlots ALL = new OwnedSlots(null);

  /** The owned slots; null for every key (no slot computed then). */
  private final BitSet slots;

  private OwnedSlots(BitSet slots) {
    this.slots = slots;
  }

  /** The slots of {@code ranges}, as CLUSTER NODES writes them ({@code 0-5460,10923}); empty text: none. */
  static OwnedSlots of(String ranges) {
    BitSet set = new BitSet(SlotHash.SLOT_COUNT);
    for (String range : ranges.split(",")) {
      if (range.isBlank()) {
        continue;
      }
      if (!range.strip().matches("[0-9]{1,5}(-[0-9]{1,5})?")) {
        throw new IllegalArgumentException("not a slot range: " + range); // "-" split to nothing, "12abc"
      }
      String[] ends = range.strip().split("-");
      int from = Integer.parseInt(ends[0]);
      int to = Integer.parseInt(ends[ends.length - 1]);
      if (from < 0 || to >= SlotHash.SLOT_COUNT || from > to) {
        throw new IllegalArgumentException("not a slot range: " + range);
      }
      set.set(from, to + 1);
    }
    return new OwnedSlots(set);
  }

  /**
   * The slots of the answering node's shard in a CLUSTER NODES reply; every slot when the reply does not say, or
   * says it in ranges that are no slots (a broken reply must not fail every pass: it counts every key instead).
   */
  static OwnedSlots ofClusterNodes(String reply) {
    try {
      return ClusterNodesReply.myShardSlots(reply).map(OwnedSlots::of).orElse(ALL);
    } catch (IllegalArgumentException e) {
      return ALL;
    }
  }

  /** Whether every key counts (no slot is computed). */
  boolean all() {
    return slots == null;
  }

  /** Whether the key's hash slot (CRC16 of the key or of its {@code {hash tag}}) is owned. */
  boolean owns(byte[] key) {
    return slots == null || slots.get(SlotHash.getSlot(key));
  }

  /** The page's keys whose slot is owned; the others are counted in {@link ScanPage#notOwned()}. */
  ScanPage filter(ScanPage page) {
    if (slots == null) {
      return page;
    }
    List<byte[]> kept = new ArrayList<>(page.keys().size());
    for (byte[] key : page.keys()) {
      if (owns(key)) {
        kept.add(key);
      }
    }
    return new ScanPage(page.cursor(), kept, page.notOwned() + page.keys().size() - kept.size(), page.serverNanos());
  }

  /** How many slots are owned; 16384 for every key. */
  int count() {
    return slots == null ? SlotHash.SLOT_COUNT : slots.cardinality();
  }
}

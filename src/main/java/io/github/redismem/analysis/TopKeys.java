package io.github.redismem.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The N biggest keys seen: a min-heap of at most N entries, so memory does not depend on the keyspace. */
final class TopKeys {
  private static final Comparator<TopKey> SMALLEST_FIRST =
      Comparator.comparingLong(TopKey::bytes).thenComparing(TopKey::key, Comparator.reverseOrder());
  private final int capacity;
  private final PriorityQueue<TopKey> heap;

  TopKeys(int capacity) {
    this.capacity = capacity;
    this.heap = new PriorityQueue<>(Math.max(1, capacity), SMALLEST_FIRST);
  }

  /** Whether a key of this size would enter: lets callers skip building the entry. */
  boolean wouldAccept(long bytes) {
    return capacity > 0 && (heap.size() < capacity || bytes > heap.peek().bytes());
  }

  void offer(TopKey candidate) {
    if (!wouldAccept(candidate.bytes())) {
      return;
    }
    heap.add(candidate);
    if (heap.size() > capacity) {
      heap.poll();
    }
  }

  /** Biggest first. */
  List<TopKey> sorted() {
    List<TopKey> out = new ArrayList<>(heap);
    out.sort(SMALLEST_FIRST.reversed());
    return List.copyOf(out);
  }
}

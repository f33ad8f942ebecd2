package io.github.redismem.analysis;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The keys a database walk has already counted, so that a key SCAN returns twice (it does when the table shrinks
 * mid-walk) is counted once. A blocked Bloom filter of 32 bits per expected key (the walk expects its database's
 * keys and a fifth more): a key's 12 bits all fall in one block of 512 bits, one or two cache lines, where a
 * plain Bloom filter's 8 bits touched 8 lines of a filter far larger than the caches (a sixth to a third of the
 * sampler thread's time at full speed). Filled to its expected keys, about one key in 600,000 is wrongly taken
 * for one seen before (1.6e-6), and fewer earlier in the walk.
 *
 * <p>Its memory is bounded twice: a filter holds at most 4 MiB (a million keys at 32 bits), and the filters of all
 * the walks under way in the process (one per sampler: {@code redis.addr}'s, each listed target's, each cluster
 * shard's) hold at most {@link #BUDGET_BYTES} together, each taking what it needs of what is left when its walk
 * begins ({@link #open}) and giving it back at the walk's end. Filters of 64 bits a key, 8 MiB each, were most of
 * the heap a pass holds: over a million keys the old generation of the 48 MiB heap was then so full that a
 * full-speed pass made nearly as many full collections as young ones (28-31 beside 32-35); and four targets of a million keys each asked 32 MiB at once,
 * so that the exporter ran out of memory at start-up. A filter that got less than its keys need takes keys until
 * it holds 24 bits a key (one wrongly "seen" key in 20,000 by then); after that it stops judging: every key
 * counts, so a key SCAN returns twice in the rest of the walk counts twice (only where a table shrinks meanwhile)
 * rather than keys being dropped, as a filter full beyond that would drop them.
 */
final class SeenKeys implements AutoCloseable {
  /** What the filters of the walks under way may hold together: two filters of the largest size. */
  static final long BUDGET_BYTES = 8L << 20;
  private static final AtomicLong HELD = new AtomicLong();
  private static final long MIN_BYTES = 8L << 10;
  static final long MAX_BYTES = 4L << 20;
  private static final int BITS_PER_KEY = 32;
  /** The fewest bits a key the filter keeps judging at: beyond, {@link #full()}. */
  private static final int FULL_BITS_PER_KEY = 24;
  /** Bits per key, in its block: 12 positions of 9 bits each, 7 from one hash and 5 from the next. */
  private static final int HASHES = 12;
  private static final int WORDS_PER_BLOCK = 8;

  private final long[] words;
  private final int blocks;
  private final AtomicLong held;
  private final long capacity;
  private long recorded;
  private boolean returned;

  /** A filter for about {@code expectedKeys}, in the process's shared budget; {@link #close} gives it back. */
  static SeenKeys open(long expectedKeys) {
    return new SeenKeys(expectedKeys, HELD, BUDGET_BYTES);
  }

  /** A filter outside any budget shared with others. */
  SeenKeys(long expectedKeys) {
    this(expectedKeys, new AtomicLong(), MAX_BYTES);
  }

  /** A filter taking its bytes from {@code held}, which is to stay at most {@code budget} (but for 8 KiB). */
  SeenKeys(long expectedKeys, AtomicLong held, long budget) {
    long wanted = Math.max(MIN_BYTES, Math.min(MAX_BYTES, (expectedKeys * BITS_PER_KEY + 7) / 8));
    long granted;
    long before;
    do {
      before = held.get();
      granted = Math.max(MIN_BYTES, Math.min(wanted, budget - before)) / 64 * 64;
    } while (!held.compareAndSet(before, before + granted));
    this.held = held;
    this.blocks = (int) (granted / 64);
    this.words = new long[blocks * WORDS_PER_BLOCK];
    this.capacity = granted * 8 / FULL_BITS_PER_KEY;
  }

  /**
   * Records the key; returns false if it was (probably) seen before. Once {@link #full()}, true for every key,
   * recording nothing.
   */
  boolean add(byte[] key) {
    if (full()) {
      return true;
    }
    boolean fresh = look(key, true);
    if (fresh) {
      recorded++;
    }
    return fresh;
  }

  /** Whether the key was (probably) recorded, recording nothing. */
  boolean seen(byte[] key) {
    return !look(key, false);
  }

  /** It holds as many keys as it judges reliably: it no longer tells a key seen before from a new one. */
  boolean full() {
    return recorded >= capacity;
  }

  /** Keys recorded. */
  long recorded() {
    return recorded;
  }

  /** True for a key not recorded before; records it where asked. */
  private boolean look(byte[] key, boolean record) {
    long h1 = KeyHash.filter(key);
    int base = (int) Math.floorMod(h1, (long) blocks) * WORDS_PER_BLOCK;
    long h2 = KeyHash.mix(h1);
    long h = h2;
    boolean fresh = false;
    for (int i = 0; i < HASHES; i++) {
      if (i == 7) {
        h = KeyHash.mix(h2 + 1);
      }
      int bit = (int) (h & 511);
      h >>>= 9;
      int word = base + (bit >>> 6);
      long m = 1L << bit; // the shift takes the low 6 bits: the bit within its word
      if ((words[word] & m) == 0) {
        fresh = true;
        if (!record) {
          return true;
        }
        words[word] |= m;
      }
    }
    return fresh;
  }

  long bytes() {
    return words.length * 8L;
  }

  /** Gives its bytes back to the budget (once). */
  @Override
  public void close() {
    if (!returned) {
      returned = true;
      held.addAndGet(-bytes());
    }
  }
}

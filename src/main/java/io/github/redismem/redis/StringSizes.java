package io.github.redismem.redis;

import java.util.logging.Logger;

/**
 * Where a short string's MEMORY USAGE follows from what the inspection asks anyway, so that it need not be asked.
 * Redis sizes a key as what its name costs the db (the name's allocation and the dict entry: a function of the
 * name's length) plus its value's object (objectComputeSize): the same 16 bytes for every {@code int} string, and
 * for an {@code embstr} a function of its length (6.2: length + 18; 7.0: the allocation the object and its bytes
 * share, a size class). The script asks every string's length (STRLEN), so once both parts are known for a key's
 * name length and, for an embstr, its length, its MEMORY USAGE is their sum and the script does not ask it.
 *
 * <p>Both parts are learned, never modelled: from keys whose MEMORY USAGE and length were both asked (an int string
 * gives its name length's part, the int object counted as 0; an embstr then its length's part, or its name length's
 * where its length's is known). A part is used once two keys agree on it. Every {@link #VERIFY_EVERY}th call asks
 * MEMORY USAGE of every string again, and one disagreement (a server that sizes keys otherwise, such as one that
 * keeps the name in the value's allocation) turns this off for good on the connection: every string's MEMORY USAGE
 * is then asked, as before. Learned separately per connection.
 */
final class StringSizes {
  private static final Logger LOG = Logger.getLogger(StringSizes.class.getName());
  /** The memory usage the script reports where it did not ask it: it follows. */
  static final long DERIVED = -4;
  /** One call in this many is given nothing: every string's MEMORY USAGE is asked, and checked against the rest. */
  static final int VERIFY_EVERY = 16;
  /** Longer names are not learned (a name length of its own each, no saving to speak of). */
  static final int MAX_NAME_LENGTH = 512;
  /** The longest string Redis embeds in its object. */
  static final int MAX_EMBSTR_LENGTH = 44;
  /** Agreeing keys before a part is used. */
  private static final int AGREED = 2;

  private final Part names = new Part(MAX_NAME_LENGTH);
  private final Part embstrs = new Part(MAX_EMBSTR_LENGTH);
  private int calls;
  private boolean off;

  /**
   * For the next call (the script's ARGV[12] and ARGV[13]): byte {@code n} of the first is '1' where names of
   * {@code n} bytes have their part, of the second where embstr strings of {@code n} bytes have theirs. Both empty
   * for every {@link #VERIFY_EVERY}th call, and once off.
   */
  synchronized byte[][] known() {
    if (!deriving()) {
      return new byte[][] {new byte[0], new byte[0]};
    }
    return new byte[][] {names.known(), embstrs.known()};
  }

  /** Whether the next call may leave out what follows: not every {@link #VERIFY_EVERY}th, nor once off. */
  synchronized boolean deriving() {
    return !off && calls++ % VERIFY_EVERY != 0;
  }

  /** Whether an int string's MEMORY USAGE follows under a name of {@code name} bytes, or an embstr's may. */
  synchronized boolean nameFollows(int name) {
    return !off && names.agreed(name);
  }

  /** Whether the MEMORY USAGE of a string of that encoding, name length and length follows. */
  synchronized boolean follows(String encoding, int name, long length) {
    return !off && partsKnown(encoding, name, length);
  }

  /** Whether both parts of such a string's size are known (also once off: a call sent before may rely on them). */
  private boolean partsKnown(String encoding, int name, long length) {
    return names.agreed(name) && ("int".equals(encoding)
        || "embstr".equals(encoding) && length <= MAX_EMBSTR_LENGTH && embstrs.agreed((int) length));
  }

  /**
   * The facts with a memory usage not asked ({@link #DERIVED}) filled in; facts where both were asked teach or check
   * the parts. Others are returned as they are.
   */
  synchronized KeyFacts complete(KeyFacts k) {
    int name = k.key().length;
    boolean integer = "int".equals(k.encoding());
    boolean embstr = "embstr".equals(k.encoding());
    if (k.memoryBytes() == DERIVED) {
      if (!partsKnown(k.encoding(), name, k.length())) {
        throw new IllegalStateException("a " + k.encoding() + " string's MEMORY USAGE was not asked, yet does not"
            + " follow");
      }
      long memory = names.of(name) + (embstr ? embstrs.of((int) k.length()) : 0);
      return new KeyFacts(k.key(), k.type(), k.encoding(), memory, k.ttlMillis(), k.length(), k.head(),
          k.integerMembers(), k.elements());
    }
    if (off || !(integer || embstr) || name > MAX_NAME_LENGTH || k.memoryBytes() < 0 || k.length() < 0
        || k.length() > MAX_EMBSTR_LENGTH && embstr) {
      return k;
    }
    boolean agrees;
    int length = (int) k.length();
    if (integer) {
      agrees = names.learn(name, k.memoryBytes());
    } else if (names.seen(name) && embstrs.seen(length)) {
      agrees = names.of(name) + embstrs.of(length) == k.memoryBytes();
      if (agrees) { // one more key agreeing on both parts
        names.learn(name, names.of(name));
        embstrs.learn(length, embstrs.of(length));
      }
    } else if (names.seen(name)) {
      agrees = embstrs.learn(length, k.memoryBytes() - names.of(name));
    } else if (embstrs.seen(length)) {
      agrees = names.learn(name, k.memoryBytes() - embstrs.of(length));
    } else {
      agrees = true; // nothing to learn it against yet
    }
    if (!agrees) {
      off = true;
      LOG.info("sampler: MEMORY USAGE of the " + k.encoding() + " string under a name of " + name + " bytes is not"
          + " what other keys said (" + k.memoryBytes() + " bytes): every string's MEMORY USAGE is asked from now on");
    }
    return k;
  }

  /** Whether a disagreement turned this off. */
  synchronized boolean off() {
    return off;
  }

  /** One part of the sizes, by length: learned value and how many keys agreed on it. */
  private static final class Part {
    private final long[] value;
    private final int[] agreeing;
    private int longest = -1;

    Part(int maxLength) {
      value = new long[maxLength + 1];
      agreeing = new int[maxLength + 1];
    }

    boolean seen(int length) {
      return length < agreeing.length && agreeing[length] > 0;
    }

    boolean agreed(int length) {
      return length >= 0 && length < agreeing.length && agreeing[length] >= AGREED;
    }

    long of(int length) {
      return value[length];
    }

    /** Takes one key's figure for the length: false where it disagrees with those before. */
    boolean learn(int length, long figure) {
      if (agreeing[length] == 0) {
        value[length] = figure;
        longest = Math.max(longest, length);
      } else if (value[length] != figure) {
        return false;
      }
      agreeing[length] = Math.min(agreeing[length] + 1, AGREED);
      return true;
    }

    byte[] known() {
      byte[] out = new byte[longest + 1];
      for (int n = 0; n <= longest; n++) {
        out[n] = (byte) (agreed(n) ? '1' : '0');
      }
      return out;
    }
  }
}

package io.github.redismem.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The lengths of a few elements of a container, read where MEMORY USAGE is not permitted so that its size is
 * estimated from elements like its own rather than from an assumed length (MEMORY USAGE itself reads 5 elements of a
 * big key). Only each element's length is kept, and for an integer (which a listpack or intset stores as one) the
 * bit length of its magnitude; the bytes are dropped where they are read. In the order the sampling command returned
 * them: a hash's field, value, field, value...; a sorted set's member, score, member, score...; a set's or list's
 * members.
 *
 * @param integers per element 0 for text; else 1 + the bit length of the integer's magnitude (1: 0, 2: 1, 3: 2 or 3,
 *     ...), negated for a negative integer
 */
public record ElementSample(int[] lengths, byte[] integers) {

  public ElementSample {
    if (lengths.length != integers.length) {
      throw new IllegalArgumentException("a length and an integer code per element");
    }
  }

  /** The sample of these elements, which are dropped once measured. */
  static ElementSample of(List<byte[]> elements) {
    int[] lengths = new int[elements.size()];
    byte[] integers = new byte[elements.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = elements.get(i).length;
      integers[i] = integer(elements.get(i));
    }
    return new ElementSample(lengths, integers);
  }

  /** The integer code of one element, as inspect.lua computes it. */
  static byte integer(byte[] element) {
    if (!InspectionScript.isInteger(element)) {
      return 0;
    }
    long value = Long.parseLong(new String(element, StandardCharsets.US_ASCII));
    int bits = value == Long.MIN_VALUE ? 64 : 64 - Long.numberOfLeadingZeros(Math.abs(value));
    return (byte) (value < 0 ? -1 - bits : 1 + bits);
  }

  public int size() {
    return lengths.length;
  }

  /** Whether the sample holds elements and all are integers: what the intset probe of a small set asks. */
  boolean allIntegers() {
    if (integers.length == 0) {
      return false;
    }
    for (byte integer : integers) {
      if (integer == 0) {
        return false;
      }
    }
    return true;
  }
}

package io.github.redismem.analysis;

import java.util.zip.Deflater;

/**
 * How much a big string would shrink if the application compressed it, judged from the sample of its first bytes
 * that the sampler reads (4 KiB of a raw string of at least 1 KiB). The sample is deflated as gzip would (level 6);
 * its ratio is taken for the whole value. Deflate's window is 32 KiB, so a longer value usually compresses at least
 * as well as its first 4 KiB: the estimate leans low, except where a value starts with text and continues with
 * something denser (an embedded image, already compressed data), which the sample cannot see.
 */
final class Compressibility {
  // One per pass (the sampler thread's): zlib's state is ~256 KiB of native memory, allocated once, reset per key.
  // A Deflater's Cleaner frees it once the pass is dropped.
  private final Deflater deflater = new Deflater(6, true);
  private final byte[] out = new byte[8192];

  /** Strings shorter than this are not judged: compression's framing and the sample's size make it noise. */
  static final long MIN_LENGTH = 1024;
  /** The compressed size must be at most this share of the sample for the finding. */
  static final double MAX_RATIO = 0.7;
  /** gzip's header and trailer around the deflate stream. */
  private static final int GZIP_FRAMING = 18;

  /** Compressed bytes / sample bytes, deflate level 6; 1 for an empty sample. */
  double ratio(byte[] sample) {
    if (sample == null || sample.length == 0) {
      return 1;
    }
    deflater.reset();
    deflater.setInput(sample);
    deflater.finish();
    long total = 0;
    while (!deflater.finished()) {
      total += deflater.deflate(out);
    }
    return (double) total / sample.length;
  }

  /**
   * The bytes compressing the value client-side would free: its allocation now less the allocation of its
   * compressed form; 0 when the string is too short, the sample too small to judge, or it compresses worse than
   * {@link #MAX_RATIO}.
   *
   * @param strlen the value's length
   * @param sample its first bytes as the sampler read them
   */
  long saving(long strlen, byte[] sample) {
    if (strlen < MIN_LENGTH || sample == null || sample.length < Math.min(strlen, MIN_LENGTH)) {
      return 0;
    }
    double ratio = ratio(sample);
    if (ratio > MAX_RATIO) {
      return 0;
    }
    long compressed = (long) Math.ceil(strlen * ratio) + GZIP_FRAMING;
    return Math.max(0, SavingsModel.sdsAllocation(strlen) - SavingsModel.sdsAllocation(compressed));
  }
}

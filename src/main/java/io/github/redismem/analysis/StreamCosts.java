package io.github.redismem.analysis;

import io.github.redismem.redis.ElementSample;

/**
 * What a stream's entries cost, from its sample: the time its entries span (the first element, an integer's code)
 * and the fields and values of its first entry, taken as the shape of every entry (the usual case: entries of one
 * producer have the same fields, which a stream node then stores once, in its master entry). Without a sample, one
 * field and one value of {@link ElementCosts#ASSUMED_LENGTH} bytes, a second apart.
 *
 * @param fields the master entry's field entries, in bytes
 * @param fieldCount how many fields an entry has
 * @param values an entry's value entries, in bytes
 * @param text the fields' and values' text, in bytes (what the node size limit counts)
 * @param gapMillis the mean time between entries
 */
record StreamCosts(double fields, int fieldCount, double values, double text, double gapMillis) {
  private static final double ASSUMED_GAP_MILLIS = 1000;

  static StreamCosts of(ElementSample sample, long entries, boolean listpack) {
    if (sample == null || sample.size() < 3) {
      double entry = ElementCosts.entry(ElementCosts.ASSUMED_LENGTH, (byte) 0, listpack);
      return new StreamCosts(entry, 1, entry, 2.0 * ElementCosts.ASSUMED_LENGTH, ASSUMED_GAP_MILLIS);
    }
    double fields = 0;
    double values = 0;
    double text = 0;
    int count = 0;
    for (int i = 1; i + 1 < sample.size(); i += 2) {
      fields += ElementCosts.entry(sample.lengths()[i], sample.integers()[i], listpack);
      values += ElementCosts.entry(sample.lengths()[i + 1], sample.integers()[i + 1], listpack);
      text += sample.lengths()[i] + sample.lengths()[i + 1];
      count++;
    }
    // the span is known to its bit length: taken at three quarters of its range
    int bits = Math.abs(sample.integers()[0]) - 1;
    double span = bits <= 0 ? 0 : 0.75 * Math.pow(2, bits);
    return new StreamCosts(fields, count, values, text, span / Math.max(1, entries - 1));
  }
}

package io.github.redismem.analysis;

/** Remaining-TTL buckets: each holds TTLs up to and including its bound. */
public enum TtlBucket {
  NONE("none", -1), H1("1h", 3_600_000L), H4("4h", 4 * 3_600_000L), H12("12h", 12 * 3_600_000L),
  D1("1d", 86_400_000L), D7("7d", 7 * 86_400_000L), D30("30d", 30 * 86_400_000L), INF("inf", Long.MAX_VALUE);

  private static final TtlBucket[] ALL = values();
  private final String label;
  private final long upToMillis;

  TtlBucket(String label, long upToMillis) {
    this.label = label;
    this.upToMillis = upToMillis;
  }

  public String label() {
    return label;
  }

  /** The bucket of a PTTL reply (-1: no TTL). */
  public static TtlBucket of(long ttlMillis) {
    if (ttlMillis < 0) {
      return NONE;
    }
    for (TtlBucket b : ALL) {
      if (b != NONE && ttlMillis <= b.upToMillis) {
        return b;
      }
    }
    return INF;
  }
}

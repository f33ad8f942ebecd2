package io.github.redismem.config;

import java.time.Duration;

/**
 * How often the allocator's own statistics (MEMORY MALLOC-STATS) are read. The reply is tens of KB and takes Redis
 * about a millisecond to print (docs/benchmarks.md), so it is read on its own schedule, never per scrape.
 *
 * @param interval time between two reads; {@link Duration#ZERO} means never
 */
public record AllocatorSettings(Duration interval) {
  public boolean enabled() {
    return !interval.isZero();
  }

  public AllocatorSettings withInterval(Duration value) {
    return new AllocatorSettings(value);
  }
}

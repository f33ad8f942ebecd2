package io.github.redismem.analysis;

import io.github.redismem.redis.SamplingException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a sampler's passes report as they go, read by scrapes on other threads: counters since start-up, the
 * running pass's progress and Redis time share, and what the sampler is doing. Every field is atomic or volatile;
 * a pass writes, {@link KeySampler#status()} reads.
 */
final class SamplerCounters {
  final AtomicLong keysTotal = new AtomicLong();
  final AtomicLong passesTotal = new AtomicLong();
  final AtomicLong vanishedTotal = new AtomicLong();
  private final Map<SamplingException.Reason, AtomicLong> errors = new EnumMap<>(SamplingException.Reason.class);
  volatile double progress;
  volatile double redisTimeRatio;
  /** running, idle, waiting_loading, skipped_primary or failing. */
  volatile String state = "idle";

  SamplerCounters() {
    for (SamplingException.Reason r : SamplingException.Reason.values()) {
      errors.put(r, new AtomicLong());
    }
  }

  void failed(SamplingException e) {
    errors.get(e.reason()).incrementAndGet();
  }

  /** Failures by reason label, every reason present. */
  Map<String, Long> errors() {
    Map<String, Long> counts = new LinkedHashMap<>();
    errors.forEach((r, n) -> counts.put(r.label(), n.get()));
    return counts;
  }
}

package io.github.redismem.metrics;

import io.github.redismem.redis.MemoryState;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;

/**
 * A further conversion of the state a scrape has just read, for metrics that judge that state together with
 * something else (the last pass, settings). {@link RedisMemoryCollector} applies each view to the very read it
 * converted, so a scrape reads Redis once and a view never sees another scrape's read.
 */
public interface StateView {

  /** The view's snapshots of {@code state}; none while Redis does not answer. */
  MetricSnapshots convert(MemoryState state);

  /** The families {@link #convert} may return, declared up front with the collector's own. */
  List<MetricFamily> families();
}

package io.github.redismem.analysis;

import io.github.redismem.config.SamplingSettings;
import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.redis.KeyFacts;
import io.github.redismem.redis.ServerView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pass over keys that come from elsewhere than a live SCAN: an RDB snapshot read key by key ({@code analyze
 * --rdb}). Every key is handed in with the facts a live pass would have read, so it is aggregated by the same
 * {@link PassAggregator} into the same {@link PassResult}, exact (every key seen), with no Redis time taken. The
 * thresholds the findings judge by are those of the Redis that wrote the snapshot, or the settings'. Used on one
 * thread.
 */
public final class SnapshotPass {
  private final SamplingSettings settings;
  private final PassAggregator aggregator;
  private final long startNanos = System.nanoTime();

  /** For a snapshot written by Redis {@code major.minor}, judged with {@code thresholds.*} where set. */
  public SnapshotPass(SamplingSettings settings, ThresholdSettings thresholds, int major, int minor) {
    this.settings = settings;
    ServerView server = new ServerView(major, minor, true, false, 0, 0, 0, Map.of(), Map.of(), -1, "");
    this.aggregator = new PassAggregator(settings, Thresholds.resolve(server, thresholds),
        new SavingsModel(major, minor), Estimator.forPass(1.0, 0));
  }

  /** One key of database {@code db}. */
  public void add(int db, KeyFacts key) {
    aggregator.add(db, key);
  }

  public long keys() {
    return aggregator.keys();
  }

  /**
   * The pass's result and the status a report shows for it (state {@code snapshot}).
   *
   * @param expired keys the snapshot held that had expired when it was written: left out, counted as vanished
   * @param complete whether every key of the snapshot was read
   */
  public SamplerStatus finish(Instant finishedAt, long expired, boolean complete) {
    PassResult result = aggregator.finish(finishedAt, Duration.ofNanos(System.nanoTime() - startNanos), expired, 0,
        Optional.empty());
    return new SamplerStatus(aggregator.keys(), 1, expired, Map.of(), complete ? 1.0 : 0.0, 0, 1.0, "snapshot",
        Optional.of(result), Optional.empty(), Optional.of(PassScope.of(settings)), List.of(), Map.of());
  }
}

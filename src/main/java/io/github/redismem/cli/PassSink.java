package io.github.redismem.cli;

import io.github.redismem.analysis.SnapshotPass;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.rdb.RdbSnapshot;
import io.github.redismem.redis.KeyFacts;

/**
 * Feeds the keys of an RDB snapshot into a {@link SnapshotPass}, created once the file has said which Redis wrote
 * it (the thresholds and sizes are that Redis's). Used on the reading thread only.
 */
final class PassSink implements RdbSnapshot.KeySink {
  private final SamplingSettings sampling;
  private final ThresholdSettings thresholds;
  private SnapshotPass pass;

  PassSink(SamplingSettings sampling, ThresholdSettings thresholds) {
    this.sampling = sampling;
    this.thresholds = thresholds;
  }

  @Override
  public void version(int major, int minor) {
    pass = new SnapshotPass(sampling, thresholds, major, minor);
  }

  @Override
  public void key(int db, KeyFacts facts) {
    pass.add(db, facts);
  }

  /** The pass, or an empty one for a file without keys. */
  SnapshotPass pass(int major, int minor) {
    return pass != null ? pass : new SnapshotPass(sampling, thresholds, major, minor);
  }
}

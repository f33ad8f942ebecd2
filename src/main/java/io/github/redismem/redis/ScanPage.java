package io.github.redismem.redis;

import java.util.List;

/**
 * One SCAN reply: the next cursor ("0" when the walk is done) and the keys, without those of slots the sampled
 * shard does not own (a cluster node importing a slot returns them too), which are only counted in
 * {@code notOwned}; {@code serverNanos} is what the SCAN cost Redis by its own clock (a TIME before and after it),
 * -1 where it was not timed.
 */
public record ScanPage(String cursor, List<byte[]> keys, int notOwned, long serverNanos) {
  public ScanPage(String cursor, List<byte[]> keys) {
    this(cursor, keys, 0);
  }

  public ScanPage(String cursor, List<byte[]> keys, int notOwned) {
    this(cursor, keys, notOwned, -1);
  }

  public boolean finished() {
    return "0".equals(cursor);
  }
}

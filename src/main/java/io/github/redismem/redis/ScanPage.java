package io.github.redismem.redis;

import java.util.List;

/**
 * One SCAN reply: the next cursor ("0" when the walk is done) and the keys, without those of slots the sampled
 * shard does not own (a cluster node importing a slot returns them too), which are only counted in
 * {@code notOwned}.
 */
public record ScanPage(String cursor, List<byte[]> keys, int notOwned) {
  public ScanPage(String cursor, List<byte[]> keys) {
    this(cursor, keys, 0);
  }

  public boolean finished() {
    return "0".equals(cursor);
  }
}

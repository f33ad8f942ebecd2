package io.github.redismem.redis;

import java.util.List;

/** One SCAN reply: the next cursor ("0" when the walk is done) and the keys. */
public record ScanPage(String cursor, List<byte[]> keys) {
  public boolean finished() {
    return "0".equals(cursor);
  }
}

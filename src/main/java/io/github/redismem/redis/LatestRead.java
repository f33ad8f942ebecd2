package io.github.redismem.redis;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembers the last state read, so that a second consumer of the same scrape (the instance findings, which wrap
 * the collector that reads) uses that read instead of sending the commands again. {@link #latest()} reads Redis
 * itself only before the first read.
 */
public final class LatestRead implements MemoryStateReader {
  private final MemoryStateReader reader;
  private final AtomicReference<MemoryState> latest = new AtomicReference<>();

  public LatestRead(MemoryStateReader reader) {
    this.reader = reader;
  }

  @Override
  public MemoryState read() {
    MemoryState state = reader.read();
    latest.set(state);
    return state;
  }

  /** The state of the last read, or a fresh read if there was none yet. */
  public MemoryState latest() {
    MemoryState state = latest.get();
    return state != null ? state : read();
  }

  @Override
  public boolean hasAnswered() {
    return reader.hasAnswered();
  }

  @Override
  public String target() {
    return reader.target();
  }

  @Override
  public void close() {
    reader.close();
  }
}

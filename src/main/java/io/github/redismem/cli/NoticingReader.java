package io.github.redismem.cli;

import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStateReader;

/** A reader that says when a read found Redis down: for a cluster node, a sign the topology may have changed. */
final class NoticingReader implements MemoryStateReader {
  private final MemoryStateReader reader;
  private final Runnable onDown;

  NoticingReader(MemoryStateReader reader, Runnable onDown) {
    this.reader = reader;
    this.onDown = onDown;
  }

  @Override
  public MemoryState read() {
    MemoryState state = reader.read();
    if (!state.up()) {
      onDown.run();
    }
    return state;
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

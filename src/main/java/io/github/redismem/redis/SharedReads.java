package io.github.redismem.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets concurrent scrapes share one read: a scrape that arrives while another is reading Redis waits for that
 * read's result instead of sending its own commands. Nothing is cached beyond the read in flight, so every
 * result is as fresh as a scrape of its own; under a burst of scrapes Redis sees one reader, not fifty.
 */
public final class SharedReads implements MemoryStateReader {
  private final MemoryStateReader reader;
  private final AtomicReference<CompletableFuture<MemoryState>> inFlight = new AtomicReference<>();

  public SharedReads(MemoryStateReader reader) {
    this.reader = reader;
  }

  @Override
  public MemoryState read() {
    CompletableFuture<MemoryState> mine = new CompletableFuture<>();
    CompletableFuture<MemoryState> current = inFlight.compareAndExchange(null, mine);
    if (current != null) {
      return current.join();
    }
    try {
      MemoryState state = reader.read();
      mine.complete(state);
      return state;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.set(null);
    }
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

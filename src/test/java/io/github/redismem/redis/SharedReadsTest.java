package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedReadsTest {
  /** A reader that blocks until released and counts its reads: stands for a slow Redis round trip. */
  static final class SlowReader implements MemoryStateReader {
    final AtomicInteger reads = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public MemoryState read() {
      reads.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new MemoryState(true, Duration.ZERO, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
          List.of(), Map.of());
    }

    @Override
    public boolean hasAnswered() {
      return true;
    }

    @Override
    public String target() {
      return "test";
    }

    @Override
    public void close() {}
  }

  @Test
  void concurrentScrapesShareTheReadInFlightAndLaterOnesReadAgain() throws Exception {
    SlowReader slow = new SlowReader();
    SharedReads shared = new SharedReads(slow);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<MemoryState>> results = new ArrayList<>();
      CountDownLatch arrived = new CountDownLatch(8);
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          arrived.countDown();
          return shared.read();
        }));
      }
      arrived.await();
      Thread.sleep(200); // from counting down to waiting on the shared read is a few instructions
      slow.release.countDown();
      MemoryState first = results.get(0).get();
      for (Future<MemoryState> r : results) {
        assertThat(r.get()).isSameAs(first);
      }
      assertThat(slow.reads).hasValue(1);
      shared.read();
      assertThat(slow.reads).hasValue(2);
    } finally {
      pool.shutdownNow();
    }
  }
}

package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduledAllocatorReadsTest {
  private static final Instant AT = Instant.parse("2026-11-29T22:00:00Z");

  /** Hands out prepared results in order; {@link #BOOM} stands for a reader that throws. */
  private static final class Scripted implements AllocatorReader {
    static final AllocatorStats BOOM = AllocatorStats.none("throws");
    final Deque<AllocatorStats> results;
    int reads;
    boolean closed;

    Scripted(List<AllocatorStats> results) {
      this.results = new ArrayDeque<>(results);
    }

    @Override
    public AllocatorStats read() {
      reads++;
      AllocatorStats next = results.poll();
      if (next == null || next == BOOM) {
        throw new IllegalStateException("boom");
      }
      return next;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void servesTheLastReadWithoutReadingAgain() {
    AllocatorStats good = AllocatorStats.of(Fixtures.text("redis-7.0/malloc-stats.txt"), AT, Duration.ofMillis(2));
    Scripted reader = new Scripted(List.of(good));
    try (ScheduledAllocatorReads reads = new ScheduledAllocatorReads(reader, Duration.ofMinutes(5))) {
      assertThat(reads.read().stats()).isEmpty();
      assertThat(reads.read().unavailable()).contains("not read yet (allocator.interval)");

      reads.refresh();
      for (int i = 0; i < 3; i++) {
        assertThat(reads.read()).isSameAs(good);
      }
      assertThat(reader.reads).isEqualTo(1);
    }
    assertThat(reader.closed).isTrue();
  }

  @Test
  void aThrowingReaderBecomesAReasonAndTheScheduleGoesOn() {
    AllocatorStats good = AllocatorStats.of(Fixtures.text("redis-6.2/malloc-stats.txt"), AT, Duration.ZERO);
    Scripted reader = new Scripted(List.of(Scripted.BOOM, good));
    try (ScheduledAllocatorReads reads = new ScheduledAllocatorReads(reader, Duration.ofMinutes(5))) {
      assertThat(reads.refresh().unavailable()).hasValueSatisfying(r -> assertThat(r).contains("boom"));
      assertThat(reads.refresh().stats()).isPresent();
    }
  }

  @Test
  void readsOnItsOwnSchedule() throws InterruptedException {
    AllocatorStats good = AllocatorStats.of(Fixtures.text("redis-6.2/malloc-stats.txt"), AT, Duration.ZERO);
    Scripted reader = new Scripted(java.util.Collections.nCopies(1000, good));
    try (ScheduledAllocatorReads reads = new ScheduledAllocatorReads(reader, Duration.ofMillis(20)).start()) {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (reads.read().stats().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(reads.read()).isSameAs(good);
    }
  }
}

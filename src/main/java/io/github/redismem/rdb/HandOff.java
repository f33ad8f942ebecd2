package io.github.redismem.rdb;

import io.github.redismem.redis.KeyFacts;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the keys of a snapshot to the caller's {@link RdbSnapshot.KeySink} on a thread of its own, in batches, so
 * that parsing the file and aggregating its keys overlap: the aggregation is about a quarter of a read on
 * bench/run.sh's 1M keys. At most {@value #QUEUED} batches of {@value #BATCH} keys wait, so memory stays bounded
 * (a key's facts hold at most 4 KiB of its value). The sink sees the keys in file order, all of them delivered
 * before {@link #finish} returns, and is used by one thread at a time; a failure in it ends the read.
 */
final class HandOff implements RdbSnapshot.KeySink {
  private static final int BATCH = 256;
  private static final int QUEUED = 2;
  private static final Batch END = new Batch();

  private final RdbSnapshot.KeySink sink;
  private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED);
  private final Thread thread;
  private volatile Throwable failed;
  private Batch batch = new Batch();

  private static final class Batch {
    final int[] dbs = new int[BATCH];
    final KeyFacts[] keys = new KeyFacts[BATCH];
    int size;
  }

  HandOff(RdbSnapshot.KeySink sink) {
    this.sink = sink;
    this.thread = new Thread(this::drain, "rdb-aggregation");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void version(int major, int minor) {
    // before the first key: nothing is queued yet, and the queue orders this write before the batches
    sink.version(major, minor);
  }

  @Override
  public void key(int db, KeyFacts facts) {
    batch.dbs[batch.size] = db;
    batch.keys[batch.size++] = facts;
    if (batch.size == BATCH) {
      put(batch);
      batch = new Batch();
    }
  }

  /** Delivers what is left and waits until the sink has taken every key; rethrows the sink's failure. */
  void finish() {
    if (batch.size > 0) {
      put(batch);
      batch = new Batch();
    }
    close();
    rethrowFailure();
  }

  /** The sink's failure, as the read's. */
  private void rethrowFailure() {
    if (failed != null) {
      throw failed instanceof RuntimeException r ? r : new IllegalStateException(failed);
    }
  }

  /** Ends the thread without delivering the keys not yet queued (a read that failed). */
  void close() {
    if (thread.isAlive()) {
      put(END);
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void put(Batch b) {
    while (true) {
      if (b != END) {
        rethrowFailure();
      }
      if (!thread.isAlive()) {
        return;
      }
      try {
        if (queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while handing keys over", e);
      }
    }
  }

  private void drain() {
    try {
      for (Batch b = queue.take(); b != END; b = queue.take()) {
        for (int i = 0; i < b.size; i++) {
          sink.key(b.dbs[i], b.keys[i]);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failed = e;
    }
  }
}

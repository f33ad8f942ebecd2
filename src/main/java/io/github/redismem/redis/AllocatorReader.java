package io.github.redismem.redis;

/** Reads the allocator's statistics of one Redis. Implementations never throw: failures are part of the result. */
public interface AllocatorReader extends AutoCloseable {

  AllocatorStats read();

  @Override
  void close();
}

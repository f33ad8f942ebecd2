package io.github.redismem.redis;

/** Reads the memory state of one Redis. Implementations never throw: failures are part of the result. */
public interface MemoryStateReader extends AutoCloseable {

  MemoryState read();

  /** True once Redis has answered at least once since start-up. */
  boolean hasAnswered();

  /** A short description of the target for logs and pages, without credentials. */
  String target();

  @Override
  void close();
}

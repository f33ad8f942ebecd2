package io.github.redismem.redis;

import java.util.List;

/**
 * The sampler's view of Redis: a connection of its own, used by one thread. Failures are thrown as
 * {@link SamplingException} with a reason from a fixed set; a key that vanished mid-inspection is not a failure.
 */
public interface KeyspaceReader extends AutoCloseable {

  /** INFO and the encoding thresholds (CONFIG GET where allowed): what a pass starts from. */
  ServerView server() throws SamplingException;

  /** INFO only (role, loading, memory pressure), for the checks during a pass; its config map is empty. */
  ServerView serverState() throws SamplingException;

  ScanPage scan(int db, String cursor, int count) throws SamplingException;

  /**
   * TYPE, OBJECT ENCODING, MEMORY USAGE and PTTL of each key, then its length and the few value bytes findings
   * need; keys that vanished are left out of the result and counted in {@link Inspection#vanished()}.
   */
  Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws SamplingException;

  @Override
  void close();

  /** Per-pass parameters of an inspection. */
  record InspectOptions(int memoryUsageSamples, long setProbeMaxMembers) {}

  /** The facts of the keys still there, and how many had vanished. */
  record Inspection(List<KeyFacts> keys, int vanished) {}
}

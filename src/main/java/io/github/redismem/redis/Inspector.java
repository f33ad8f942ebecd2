package io.github.redismem.redis;

import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.KeyspaceReader.Inspection;
import io.github.redismem.redis.KeyspaceReader.Pending;
import io.github.redismem.redis.KeyspaceReader.ScanInspection;
import java.util.List;

/**
 * One way of inspecting keys: the Lua script ({@link ScriptInspector}) or pipelined commands
 * ({@link PipelineInspector}); {@link FallbackInspector} goes from the first to the second where the server
 * refuses scripts. The facts are the same either way (InspectionScriptIT compares them).
 */
interface Inspector {
  /** See {@link KeyspaceReader#inspect}. */
  Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws SamplingException, InspectionRefused;

  /** See {@link KeyspaceReader#scanAndInspect}. */
  ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options)
      throws SamplingException, InspectionRefused;

  /**
   * {@link #scanAndInspect(int, String, int, InspectOptions)} with {@code carried}, keys an earlier step of this
   * walk left, inspected too and counted among the step's. Here in a call of their own first; the script takes them
   * into the step's call ({@link ScriptInspector}).
   */
  default ScanInspection scanAndInspect(int db, String cursor, int count, List<byte[]> carried,
      InspectOptions options) throws SamplingException, InspectionRefused {
    if (carried.isEmpty()) {
      return scanAndInspect(db, cursor, count, options);
    }
    Inspection first = inspect(db, carried, options);
    ScanInspection step = scanAndInspect(db, cursor, count, options);
    return new ScanInspection(step.cursor(), carried.size() + step.scanned(), first.and(step.inspection()),
        step.notOwned(), step.left());
  }

  /**
   * Sends the step now where this way can, to be awaited later; {@code instead} runs it in full when it cannot,
   * or when the step sent fails (it then meets the failure again, and deals with it as a step does).
   */
  default Pending<ScanInspection> sendAhead(int db, String cursor, int count, InspectOptions options,
      Pending<ScanInspection> instead) {
    return instead;
  }

  /** See {@link KeyspaceReader#keysPerCall()}. */
  default double keysPerCall() {
    return 0;
  }

  /** This way of inspecting is refused by the server for good (not a passing failure): use another. */
  class InspectionRefused extends Exception {
    InspectionRefused(String redisMessage, Throwable cause) {
      super(redisMessage, cause);
    }
  }

  /**
   * This call is refused because it names a key outside the user's ACL key pattern (a script call declaring its
   * keys is refused as a whole): this batch needs another way, the next ones may not.
   */
  final class KeysRefused extends InspectionRefused {
    KeysRefused(String redisMessage, Throwable cause) {
      super(redisMessage, cause);
    }
  }

  /**
   * This call is redirected (MOVED, ASK) because it names keys of a slot the cluster node no longer serves (a
   * script call declaring its keys is redirected as a whole): this batch needs another way, which counts such keys
   * as vanished one by one; nothing is learned about the server.
   */
  final class KeysRedirected extends InspectionRefused {
    KeysRedirected(String redisMessage, Throwable cause) {
      super(redisMessage, cause);
    }
  }
}

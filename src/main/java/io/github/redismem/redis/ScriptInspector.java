package io.github.redismem.redis;

import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.KeyspaceReader.Inspection;
import io.github.redismem.redis.KeyspaceReader.Pending;
import io.github.redismem.redis.KeyspaceReader.ScanInspection;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Inspects with one call of {@link InspectionScript} per batch, which scans too in {@link #scanAndInspect}. The
 * script is loaded once and again after NOSCRIPT (a restart or SCRIPT FLUSH). Passing failures are thrown for the
 * batch to be retried; anything else means the server will not run the script: {@link InspectionRefused}.
 */
final class ScriptInspector implements Inspector {
  private static final Logger LOG = Logger.getLogger(ScriptInspector.class.getName());
  private final SamplerConnection connection;
  private final AtomicReference<Capabilities> capabilities;
  /** The script's text, with the server's names of renamed commands. */
  private final String source;
  /** The loaded script's SHA1; null until loaded, and after NOSCRIPT. */
  private String sha;
  /** The slots of the running pass: the script scans any key, the keys of the others are counted as not owned. */
  private final Supplier<OwnedSlots> owned;

  ScriptInspector(SamplerConnection connection, AtomicReference<Capabilities> capabilities, String source) {
    this(connection, capabilities, source, () -> OwnedSlots.ALL);
  }

  ScriptInspector(SamplerConnection connection, AtomicReference<Capabilities> capabilities, String source,
      Supplier<OwnedSlots> owned) {
    this.connection = connection;
    this.capabilities = capabilities;
    this.source = source;
    this.owned = owned;
  }

  /**
   * One call for the keys, and one more for the keys each call left (its time budget ran out, or a big collection
   * came): each call holds Redis within the budget, and Redis serves its other clients between them. Every call
   * inspects at least one key, so the calls end.
   */
  @Override
  public Inspection inspect(int db, List<byte[]> keys, InspectOptions options)
      throws SamplingException, InspectionRefused {
    Inspection all = null;
    List<byte[]> rest = keys;
    while (!rest.isEmpty()) {
      List<byte[]> these = rest;
      ScanInspection call = call(db, these.toArray(byte[][]::new), memory -> InspectionScript.args(options, memory),
          reply -> InspectionScript.decode(these, reply));
      all = all == null ? call.inspection() : all.and(call.inspection());
      rest = call.left();
    }
    return all == null ? new Inspection(List.of(), 0, 0) : all;
  }

  @Override
  public ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options)
      throws SamplingException, InspectionRefused {
    OwnedSlots slots = owned.get();
    return call(db, new byte[0][], memory -> InspectionScript.scanArgs(options, memory, cursor, count),
        reply -> InspectionScript.decodeScan(reply, slots));
  }

  /** The script call sent now and decoded when awaited, once the script is loaded; any failure runs {@code instead}. */
  @Override
  public Pending<ScanInspection> sendAhead(int db, String cursor, int count, InspectOptions options,
      Pending<ScanInspection> instead) {
    if (sha == null) {
      return instead;
    }
    RedisFuture<List<Object>> reply;
    try {
      reply = evalsha(connection.commands(db), new byte[0][],
          InspectionScript.scanArgs(options, capabilities.get().memoryUsage(), cursor, count));
    } catch (SamplingException e) {
      return instead;
    }
    long deadline = connection.deadline();
    OwnedSlots slots = owned.get();
    return () -> {
      try {
        return InspectionScript.decodeScan(connection.await(reply, deadline), slots);
      } catch (SamplingException | IllegalStateException e) {
        return instead.await();
      }
    };
  }

  private <T> T call(int db, byte[][] keys, Function<Boolean, byte[][]> args, Function<List<Object>, T> decode)
      throws SamplingException, InspectionRefused {
    RedisAsyncCommands<byte[], byte[]> redis = connection.commands(db);
    SamplingException noScript = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      long deadline = connection.deadline();
      try {
        if (sha == null) {
          sha = connection.await(redis.scriptLoad(source), deadline);
        }
        return decode.apply(connection.await(evalsha(redis, keys, args.apply(capabilities.get().memoryUsage())),
            deadline));
      } catch (SamplingException e) {
        if (e.noScript()) {
          sha = null; // the server restarted or flushed its script cache: load it again
          noScript = e;
          continue;
        }
        if (e.passing()) {
          throw e;
        }
        if (keys.length > 0 && e.redirected()) {
          throw new KeysRedirected(String.valueOf(e.getMessage()), e); // a key moved away: not the script's fault
        }
        if (keys.length > 0 && e.keysRefused()) {
          throw new KeysRefused(String.valueOf(e.getMessage()), e); // the keys declared, not the script
        }
        if (capabilities.get().memoryUsage() && refusesMemoryUsage(e.getMessage())) {
          // the script runs, but not MEMORY USAGE in it: the same script without it, sizes estimated
          capabilities.updateAndGet(Capabilities::withoutMemoryUsage);
          LOG.warning("sampler: MEMORY USAGE refused inside the inspection script (" + e.getMessage()
              + "); sizes are estimated from type, encoding and length");
          continue;
        }
        throw new InspectionRefused(String.valueOf(e.getMessage()), e);
      }
    }
    throw new InspectionRefused(String.valueOf(noScript.getMessage()), noScript);
  }

  /** An error reply that names MEMORY (a NOPERM for 'memory|usage', as Redis words it from a script too). */
  static boolean refusesMemoryUsage(String message) {
    return message != null && message.toLowerCase(Locale.ROOT).contains("'memory")
        && message.contains("NOPERM");
  }

  /** The loaded inspection script, sent: EVALSHA_RO from 7.0 (it runs on read-only replicas), EVALSHA before. */
  private RedisFuture<List<Object>> evalsha(RedisAsyncCommands<byte[], byte[]> redis, byte[][] keys, byte[][] args) {
    return capabilities.get().readOnlyScripts() ? redis.evalshaReadOnly(sha, ScriptOutputType.MULTI, keys, args)
        : redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
  }
}

package io.github.redismem.redis;

import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.KeyspaceReader.Inspection;
import io.github.redismem.redis.KeyspaceReader.Pending;
import io.github.redismem.redis.KeyspaceReader.ScanInspection;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
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
  /** What one call inspects within the budget, as learned; 0 until a call is cut by it. */
  private double keysPerCall;
  private static final double MAX_KEYS_PER_CALL = 100_000;
  /** The slots of the running pass: the script scans any key, the keys of the others are counted as not owned. */
  private final Supplier<OwnedSlots> owned;
  /**
   * The dbs whose last call found a key with a TTL: the next call there asks PTTL of every key without reading INFO
   * keyspace first (a few PTTLs' worth a call, wasted where keys expire); elsewhere the script reads it and skips
   * PTTL in a db without TTLs. A hint only: the script skips PTTL only on what INFO says at the time.
   */
  private final java.util.BitSet ttlsSeen = new java.util.BitSet();
  /** What of short strings follows from the rest, learned on this connection: the script does not ask it. */
  private final StringSizes sizes = new StringSizes();

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
      // under a budget, a call is given about what one call inspects: keys it leaves are sent again, and a call of
      // 250 keys inspecting 45 would send most of them back and forth five times
      int chunk = options.callBudgetMicros() > 0 && keysPerCall > 0
          ? (int) Math.min(rest.size(), Math.ceil(keysPerCall * 1.25) + 2) : rest.size();
      List<byte[]> these = rest.subList(0, chunk);
      int ttlDb = ttlDb(db);
      ScanInspection call = call(db, these.toArray(byte[][]::new),
          memory -> InspectionScript.args(options, memory, ttlDb, sizes.known()),
          reply -> InspectionScript.decode(these, reply, sizes));
      learn(call, these.size());
      learnTtls(db, call);
      all = all == null ? call.inspection() : all.and(call.inspection());
      if (call.left().isEmpty()) {
        rest = rest.subList(chunk, rest.size());
      } else {
        List<byte[]> next = new ArrayList<>(call.left().size() + rest.size() - chunk);
        next.addAll(call.left());
        next.addAll(rest.subList(chunk, rest.size()));
        rest = next;
      }
    }
    return all == null ? new Inspection(List.of(), 0, 0) : all;
  }

  /**
   * What one call inspects within the budget, from the calls so far: a call the budget cut (it left keys after 4 or
   * more) says it; one that inspected all it was given may take more.
   */
  private void learn(ScanInspection call, int given) {
    int inspected = call.scanned();
    if (!call.left().isEmpty() && inspected >= 4) {
      keysPerCall = keysPerCall == 0 ? inspected : 0.5 * keysPerCall + 0.5 * inspected;
    } else if (call.left().isEmpty() && keysPerCall > 0 && given >= keysPerCall) {
      keysPerCall = Math.min(MAX_KEYS_PER_CALL, keysPerCall * 1.25);
    }
  }

  /**
   * What one script call inspects within its budget, as learned (0: not yet, or no budget); a pass's steps ask for
   * about as many keys.
   */
  @Override
  public double keysPerCall() {
    return keysPerCall;
  }

  @Override
  public ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options)
      throws SamplingException, InspectionRefused {
    return scanAndInspect(db, cursor, count, List.of(), options);
  }

  /** The keys carried go in the step's own call, before the keys its SCAN returns (inspect.lua's SCAN mode). */
  @Override
  public ScanInspection scanAndInspect(int db, String cursor, int count, List<byte[]> carried,
      InspectOptions options) throws SamplingException, InspectionRefused {
    OwnedSlots slots = owned.get();
    int ttlDb = ttlDb(db);
    ScanInspection step = call(db, new byte[0][],
        memory -> InspectionScript.scanArgs(options, memory, ttlDb, cursor, count, carried, sizes.known()),
        reply -> InspectionScript.decodeScan(reply, slots, sizes));
    learn(step, step.scanned() + step.left().size());
    learnTtls(db, step);
    return step;
  }

  /** The db the script is to look up in INFO keyspace, or -1 where the last call there found TTLs. */
  private int ttlDb(int db) {
    return ttlsSeen.get(db) ? -1 : db;
  }

  private void learnTtls(int db, ScanInspection step) {
    List<KeyFacts> keys = step.inspection().keys();
    if (keys.stream().anyMatch(k -> k.ttlMillis() >= 0)) {
      ttlsSeen.set(db);
    } else if (!keys.isEmpty()) {
      ttlsSeen.clear(db);
    }
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
          InspectionScript.scanArgs(options, capabilities.get().memoryUsage(), ttlDb(db), cursor, count, List.of(),
              sizes.known()));
    } catch (SamplingException e) {
      return instead;
    }
    long deadline = connection.deadline();
    OwnedSlots slots = owned.get();
    return () -> {
      try {
        ScanInspection step = InspectionScript.decodeScan(connection.await(reply, deadline), slots, sizes);
        learn(step, step.scanned() + step.left().size());
        learnTtls(db, step);
        return step;
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

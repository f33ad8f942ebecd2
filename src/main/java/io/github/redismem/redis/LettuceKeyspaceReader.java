package io.github.redismem.redis;

import io.github.redismem.config.RedisSettings;
import io.github.redismem.redis.SamplingException.Reason;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The sampler's connection: keys as bytes (ByteArrayCodec), commands pipelined per batch (auto-flush off), every
 * wait bounded by {@code redis.timeout}. Used by the sampler thread only.
 */
final class LettuceKeyspaceReader implements KeyspaceReader {
  private static final Logger LOG = Logger.getLogger(LettuceKeyspaceReader.class.getName());
  private static final int HEAD_BYTES = InspectionScript.HEAD_BYTES;
  private static final int SET_PROBE_MEMBERS = InspectionScript.SET_PROBE_MEMBERS;

  private final RedisConnector<byte[], byte[]> connector;
  private final long timeoutNanos;
  private StatefulRedisConnection<byte[], byte[]> current;
  private int selectedDb = -1;
  private boolean objectAvailable = true;
  private boolean configAvailable = true;
  private boolean scripts;
  private boolean scanInScript = true;
  private boolean readOnlyScripts;
  private String scriptSha;

  LettuceKeyspaceReader(RedisSettings settings, ClientResources resources, boolean scripts) {
    this.connector = new RedisConnector<>(settings, resources, ByteArrayCodec.INSTANCE);
    this.timeoutNanos = settings.timeout().toNanos();
    this.scripts = scripts;
  }

  private RedisAsyncCommands<byte[], byte[]> redis(int db) throws SamplingException {
    long deadline = System.nanoTime() + timeoutNanos;
    StatefulRedisConnection<byte[], byte[]> c;
    try {
      c = connector.connection(deadline);
    } catch (Exception e) {
      throw new SamplingException(Reason.CONNECTION, "cannot connect: " + connectFailure(e), e);
    }
    if (c != current) {
      current = c;
      selectedDb = -1;
      c.setAutoFlushCommands(true);
    }
    if (db >= 0 && db != selectedDb) {
      await(c.async().select(db), deadline);
      selectedDb = db;
    }
    return c.async();
  }

  @Override
  public ServerView server() throws SamplingException {
    return read(true);
  }

  @Override
  public ServerView serverState() throws SamplingException {
    return read(false);
  }

  private ServerView read(boolean withConfig) throws SamplingException {
    RedisAsyncCommands<byte[], byte[]> redis = redis(-1);
    long deadline = System.nanoTime() + timeoutNanos;
    RedisFuture<String> info = redis.info();
    List<RedisFuture<Map<String, String>>> config = new ArrayList<>();
    if (withConfig && configAvailable) {
      for (String pattern : LettuceMemoryStateReader.CONFIG_PATTERNS) {
        config.add(redis.configGet(pattern));
      }
    }
    InfoReply reply = InfoReply.parse(await(info, deadline));
    Map<String, String> values = new LinkedHashMap<>();
    for (RedisFuture<Map<String, String>> part : config) {
      try {
        values.putAll(await(part, deadline));
      } catch (SamplingException e) {
        if (e.reason() != Reason.REFUSED) {
          throw e;
        }
        configAvailable = false;
        LOG.info("sampler: CONFIG GET refused (" + e.getMessage() + "); thresholds come from the configuration "
            + "or the version's defaults");
        break;
      }
    }
    ServerView view = ServerView.from(reply, values);
    // EVALSHA_RO (7.0+) runs on read-only replicas and says the script never writes
    readOnlyScripts = view.atLeast(7, 0);
    return view;
  }

  @Override
  public long redisCpuNanos() throws SamplingException {
    RedisAsyncCommands<byte[], byte[]> redis = redis(-1);
    try {
      return ServerView.cpuNanos(InfoReply.parse(await(redis.info("cpu"), System.nanoTime() + timeoutNanos)));
    } catch (SamplingException e) {
      if (e.reason() == Reason.REFUSED) {
        return -1; // a proxy that filters INFO sections: the throttle then keeps its own estimate
      }
      throw e;
    }
  }

  @Override
  public ScanPage scan(int db, String cursor, int count) throws SamplingException {
    RedisAsyncCommands<byte[], byte[]> redis = redis(db);
    KeyScanCursor<byte[]> page = await(redis.scan(ScanCursor.of(cursor), ScanArgs.Builder.limit(count)),
        System.nanoTime() + timeoutNanos);
    return new ScanPage(page.isFinished() ? "0" : page.getCursor(), page.getKeys());
  }

  @Override
  public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws SamplingException {
    RedisAsyncCommands<byte[], byte[]> redis = redis(db);
    if (scripts && objectAvailable) {
      Inspection viaScript = script(redis, keys.toArray(byte[][]::new), InspectionScript.args(options),
          reply -> InspectionScript.decode(keys, reply));
      if (viaScript != null) {
        return viaScript;
      }
      scripts = false;
    }
    return inspectByPipeline(redis, keys, options);
  }

  @Override
  public ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options)
      throws SamplingException {
    RedisAsyncCommands<byte[], byte[]> redis = redis(db);
    if (scripts && scanInScript && objectAvailable) {
      ScanInspection viaScript = script(redis, new byte[0][], InspectionScript.scanArgs(options, cursor, count),
          InspectionScript::decodeScan);
      if (viaScript != null) {
        return viaScript;
      }
      // some servers (proxies, managed services) refuse SCAN inside scripts yet run the KEYS form
      scanInScript = false;
    }
    ScanPage page = scan(db, cursor, count);
    Inspection inspection = page.keys().isEmpty() ? new Inspection(List.of(), 0) : inspect(db, page.keys(), options);
    return new ScanInspection(page.cursor(), page.keys().size(), inspection);
  }

  /**
   * The script call sent now and decoded when awaited. Any failure is left to {@link #scanAndInspect}, run again
   * when awaited: it reloads a flushed script, falls back where scripts are refused and throws what is transient.
   */
  @Override
  public Pending<ScanInspection> sendScanAndInspect(int db, String cursor, int count, InspectOptions options) {
    if (!(scripts && scanInScript && objectAvailable) || scriptSha == null) {
      return () -> scanAndInspect(db, cursor, count, options);
    }
    RedisFuture<List<Object>> reply;
    try {
      RedisAsyncCommands<byte[], byte[]> redis = redis(db);
      byte[][] args = InspectionScript.scanArgs(options, cursor, count);
      reply = evalsha(redis, new byte[0][], args);
    } catch (SamplingException e) {
      return () -> scanAndInspect(db, cursor, count, options);
    }
    long deadline = System.nanoTime() + timeoutNanos;
    return () -> {
      try {
        return InspectionScript.decodeScan(await(reply, deadline));
      } catch (SamplingException | IllegalStateException e) {
        return scanAndInspect(db, cursor, count, options);
      }
    };
  }

  /**
   * One call of the inspection script, decoded; null when the server refuses it (the caller then stops using that
   * form). Transient failures are thrown: the batch is retried and scripts stay on.
   */
  private <T> T script(RedisAsyncCommands<byte[], byte[]> redis, byte[][] keys, byte[][] args,
      Function<List<Object>, T> decode) throws SamplingException {
    for (int attempt = 0; attempt < 2; attempt++) {
      long deadline = System.nanoTime() + timeoutNanos;
      try {
        if (scriptSha == null) {
          scriptSha = await(redis.scriptLoad(InspectionScript.SOURCE), deadline);
        }
        return decode.apply(await(evalsha(redis, keys, args), deadline));
      } catch (SamplingException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("NOSCRIPT")) {
          scriptSha = null; // the server restarted or flushed its script cache: load it again
          continue;
        }
        if (e.reason() == Reason.TIMEOUT || e.reason() == Reason.CONNECTION || e.reason() == Reason.LOADING
            || message.startsWith("BUSY")) {
          throw e;
        }
        LOG.warning("sampler: the inspection script " + (keys.length == 0 ? "(scanning itself) " : "") + "failed ("
            + message + "); " + (keys.length == 0 ? "scanning with SCAN from now on"
                : "inspecting with pipelined commands from now on"));
        return null;
      }
    }
    return null;
  }

  /** The loaded inspection script, sent: EVALSHA_RO from 7.0 (it runs on read-only replicas), EVALSHA before. */
  private RedisFuture<List<Object>> evalsha(RedisAsyncCommands<byte[], byte[]> redis, byte[][] keys, byte[][] args) {
    return readOnlyScripts ? redis.evalshaReadOnly(scriptSha, ScriptOutputType.MULTI, keys, args)
        : redis.evalsha(scriptSha, ScriptOutputType.MULTI, keys, args);
  }

  private Inspection inspectByPipeline(RedisAsyncCommands<byte[], byte[]> redis, List<byte[]> keys,
      InspectOptions options) throws SamplingException {
    int n = keys.size();
    List<RedisFuture<String>> types = new ArrayList<>(n);
    List<RedisFuture<String>> encodings = new ArrayList<>(n);
    List<RedisFuture<Long>> memory = new ArrayList<>(n);
    List<RedisFuture<Long>> ttls = new ArrayList<>(n);
    boolean withObject = objectAvailable;
    pipelined(() -> {
      for (byte[] key : keys) {
        types.add(redis.type(key));
        if (withObject) {
          encodings.add(redis.objectEncoding(key));
        }
        memory.add(redis.dispatch(CommandType.MEMORY, new IntegerOutput<>(ByteArrayCodec.INSTANCE),
            new CommandArgs<>(ByteArrayCodec.INSTANCE).add("USAGE").addKey(key).add("SAMPLES")
                .add(options.memoryUsageSamples())));
        ttls.add(redis.pttl(key));
      }
    });
    long deadline = System.nanoTime() + timeoutNanos;
    List<KeyFacts> alive = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String type = await(types.get(i), deadline);
      Long bytes = await(memory.get(i), deadline);
      Long ttl = await(ttls.get(i), deadline);
      String encoding = withObject ? encoding(encodings.get(i), deadline) : "unknown";
      if (type == null || "none".equals(type) || bytes == null || ttl == null || ttl == -2 || encoding == null) {
        continue;
      }
      alive.add(new KeyFacts(keys.get(i), type, encoding, bytes, ttl, -1, null, null));
    }
    List<KeyFacts> detailed = details(redis, alive, options);
    return new Inspection(detailed, n - detailed.size());
  }

  /** The second round trip: lengths, JSON heads of raw strings; a third only for small hashtable sets. */
  private List<KeyFacts> details(RedisAsyncCommands<byte[], byte[]> redis, List<KeyFacts> keys,
      InspectOptions options) throws SamplingException {
    List<RedisFuture<Long>> lengths = new ArrayList<>(keys.size());
    List<RedisFuture<byte[]>> heads = new ArrayList<>(keys.size());
    pipelined(() -> {
      for (KeyFacts k : keys) {
        lengths.add(switch (k.type()) {
          case "string" -> redis.strlen(k.key());
          case "hash" -> redis.hlen(k.key());
          case "list" -> redis.llen(k.key());
          case "set" -> redis.scard(k.key());
          case "zset" -> redis.zcard(k.key());
          case "stream" -> redis.xlen(k.key());
          default -> null;
        });
        // the length arrives with this round: a key whose memory says it may be long enough is read as far as a
        // compressibility sample, and cut back to the head below if it is shorter
        heads.add("string".equals(k.type()) && "raw".equals(k.encoding())
            ? redis.getrange(k.key(), 0, (k.memoryBytes() >= InspectionScript.SAMPLE_FROM_LENGTH
                ? InspectionScript.SAMPLE_BYTES : HEAD_BYTES) - 1) : null);
      }
    });
    long deadline = System.nanoTime() + timeoutNanos;
    List<KeyFacts> out = new ArrayList<>(keys.size());
    List<Integer> probe = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      KeyFacts k = keys.get(i);
      Long length;
      byte[] head;
      try {
        length = lengths.get(i) == null ? Long.valueOf(-1) : await(lengths.get(i), deadline);
        head = heads.get(i) == null ? null : await(heads.get(i), deadline);
      } catch (SamplingException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("WRONGTYPE")) {
          continue; // retyped since round one: counted as vanished
        }
        throw e;
      }
      if (length == null || (length == 0 && !"string".equals(k.type()))) {
        continue; // deleted since round one
      }
      if (head != null && head.length > HEAD_BYTES && length < InspectionScript.SAMPLE_FROM_LENGTH) {
        head = java.util.Arrays.copyOf(head, HEAD_BYTES); // as the script reads it
      }
      KeyFacts withLength = new KeyFacts(k.key(), k.type(), k.encoding(), k.memoryBytes(), k.ttlMillis(), length,
          head, null);
      if ("set".equals(k.type()) && "hashtable".equals(k.encoding()) && length <= options.setProbeMaxMembers()) {
        probe.add(out.size());
      }
      out.add(withLength);
    }
    probeSets(redis, out, probe);
    return out;
  }

  private void probeSets(RedisAsyncCommands<byte[], byte[]> redis, List<KeyFacts> keys, List<Integer> which)
      throws SamplingException {
    if (which.isEmpty()) {
      return;
    }
    List<RedisFuture<List<byte[]>>> members = new ArrayList<>(which.size());
    pipelined(() -> which.forEach(i -> members.add(redis.srandmember(keys.get(i).key(), SET_PROBE_MEMBERS))));
    long deadline = System.nanoTime() + timeoutNanos;
    for (int j = 0; j < which.size(); j++) {
      List<byte[]> sample = await(members.get(j), deadline);
      KeyFacts k = keys.get(which.get(j));
      boolean integers = sample != null && !sample.isEmpty() && sample.stream().allMatch(InspectionScript::isInteger);
      keys.set(which.get(j), new KeyFacts(k.key(), k.type(), k.encoding(), k.memoryBytes(), k.ttlMillis(),
          k.length(), k.head(), integers));
    }
  }

  private String encoding(RedisFuture<String> future, long deadline) throws SamplingException {
    try {
      return await(future, deadline);
    } catch (SamplingException e) {
      if (e.reason() == Reason.REFUSED) {
        objectAvailable = false;
        LOG.warning("sampler: OBJECT ENCODING refused (" + e.getMessage() + "); encodings are reported as unknown");
        return "unknown";
      }
      throw e;
    }
  }

  private void pipelined(Runnable sends) {
    current.setAutoFlushCommands(false);
    try {
      sends.run();
    } finally {
      current.flushCommands();
      current.setAutoFlushCommands(true);
    }
  }

  private <T> T await(java.util.concurrent.Future<T> future, long deadline) throws SamplingException {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      connector.drop();
      throw new SamplingException(Reason.TIMEOUT, "no answer within redis.timeout", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RedisCommandTimeoutException) {
        connector.drop();
        throw new SamplingException(Reason.TIMEOUT, cause.getMessage(), cause);
      }
      if (cause instanceof RedisCommandExecutionException refusal) {
        String message = String.valueOf(refusal.getMessage());
        Reason reason = CommandFailure.classify(message).permanent() ? Reason.REFUSED
            : message.startsWith("LOADING") ? Reason.LOADING : Reason.ERROR;
        throw new SamplingException(reason, message, cause);
      }
      connector.drop();
      throw new SamplingException(Reason.CONNECTION, String.valueOf(cause), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SamplingException(Reason.ERROR, "interrupted", e);
    }
  }

  @Override
  public void close() {
    connector.close();
  }

  /**
   * The reason a connection attempt failed, for a person: the cause of an ExecutionException, and "no connection
   * within redis.timeout" for a TimeoutException, whose message is null (analyze printed "cannot connect: null").
   */
  private String connectFailure(Exception e) {
    Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof TimeoutException) {
      return "no connection within redis.timeout (" + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms)";
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}

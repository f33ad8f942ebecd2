package io.github.redismem.redis;

import io.github.redismem.config.RedisSettings;
import io.github.redismem.redis.SamplingException.Reason;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The sampler's reader: INFO and CONFIG GET for the pass, SCAN, and the inspection by script where the server
 * allows it, else by pipelined commands ({@link FallbackInspector}), all on one {@link SamplerConnection}. What the
 * server refused is one {@link Capabilities} value, replaced as it learns. Used by the sampler thread only.
 */
final class LettuceKeyspaceReader implements KeyspaceReader {
  private static final Logger LOG = Logger.getLogger(LettuceKeyspaceReader.class.getName());

  private final SamplerConnection connection;
  private final AtomicReference<Capabilities> capabilities;
  private final FallbackInspector inspector;

  LettuceKeyspaceReader(RedisSettings settings, ClientResources resources, boolean scripts) {
    this.connection = new SamplerConnection(settings, resources);
    this.capabilities = new AtomicReference<>(Capabilities.assumed(scripts));
    this.inspector = new FallbackInspector(new ScriptInspector(connection, capabilities),
        new PipelineInspector(connection, capabilities), connection::scan, capabilities);
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
    RedisAsyncCommands<byte[], byte[]> redis = connection.commands(-1);
    long deadline = connection.deadline();
    RedisFuture<String> info = redis.info();
    List<RedisFuture<Map<String, String>>> config = new ArrayList<>();
    if (withConfig && capabilities.get().configGet()) {
      for (String pattern : LettuceMemoryStateReader.CONFIG_PATTERNS) {
        config.add(redis.configGet(pattern));
      }
    }
    InfoReply reply = InfoReply.parse(connection.await(info, deadline));
    Map<String, String> values = new LinkedHashMap<>();
    for (RedisFuture<Map<String, String>> part : config) {
      try {
        values.putAll(connection.await(part, deadline));
      } catch (SamplingException e) {
        if (e.reason() != Reason.REFUSED) {
          throw e;
        }
        capabilities.updateAndGet(Capabilities::withoutConfigGet);
        LOG.info("sampler: CONFIG GET refused (" + e.getMessage() + "); thresholds come from the configuration "
            + "or the version's defaults");
        break;
      }
    }
    ServerView view = ServerView.from(reply, values);
    // EVALSHA_RO (7.0+) runs on read-only replicas and says the script never writes
    capabilities.updateAndGet(c -> c.withReadOnlyScripts(view.atLeast(7, 0)));
    return view;
  }

  @Override
  public long redisCpuNanos() throws SamplingException {
    if (!capabilities.get().infoCpu()) {
      return -1;
    }
    RedisAsyncCommands<byte[], byte[]> redis = connection.commands(-1);
    try {
      return ServerView.cpuNanos(InfoReply.parse(connection.await(redis.info("cpu"), connection.deadline())));
    } catch (SamplingException e) {
      if (e.reason() == Reason.REFUSED) {
        // a proxy that filters INFO sections: the throttle then keeps its own estimate
        capabilities.updateAndGet(Capabilities::withoutInfoCpu);
        return -1;
      }
      throw e;
    }
  }

  @Override
  public ScanPage scan(int db, String cursor, int count) throws SamplingException {
    return connection.scan(db, cursor, count);
  }

  @Override
  public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws SamplingException {
    return inspector.inspect(db, keys, options);
  }

  @Override
  public ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options)
      throws SamplingException {
    return inspector.scanAndInspect(db, cursor, count, options);
  }

  /**
   * The script call sent now and decoded when awaited. Any failure is left to {@link #scanAndInspect}, run again
   * when awaited: it reloads a flushed script, falls back where scripts are refused and throws what is transient.
   */
  @Override
  public Pending<ScanInspection> sendScanAndInspect(int db, String cursor, int count, InspectOptions options) {
    return inspector.sendAhead(db, cursor, count, options, () -> scanAndInspect(db, cursor, count, options));
  }

  @Override
  public void close() {
    connection.close();
  }
}

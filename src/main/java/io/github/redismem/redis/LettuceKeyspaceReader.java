package io.github.redismem.redis;

import io.github.redismem.config.RedisSettings;
import io.github.redismem.redis.SamplingException.Reason;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  /** The slots the sampled shard owned as the running pass started ({@link OwnedSlots#ALL} outside a cluster). */
  private volatile OwnedSlots owned = OwnedSlots.ALL;
  /** Why the shard's slots are unknown on a cluster node (CLUSTER NODES refused); null when known or no cluster. */
  private volatile String slotsUnknown;
  /** Whether READONLY was refused on a cluster replica at the last pass's start (logged once). */
  private volatile boolean readOnlyRefused;
  /** A key name the probes ask about; it need not exist (MEMORY USAGE and OBJECT answer nil). */
  private static final byte[] PROBE_KEY = "redismem:probe".getBytes(StandardCharsets.US_ASCII);

  LettuceKeyspaceReader(RedisSettings settings, ClientResources resources, boolean scripts) {
    this(settings, resources, scripts, Optional.empty());
  }

  /** A reader on {@code node} instead of redis.addr's host and port, with redis.addr's settings otherwise. */
  LettuceKeyspaceReader(RedisSettings settings, ClientResources resources, boolean scripts,
      Optional<NodeAddress> node) {
    this.connection = new SamplerConnection(settings, resources, node);
    this.capabilities = new AtomicReference<>(Capabilities.assumed(scripts));
    this.inspector = new FallbackInspector(new ScriptInspector(connection, capabilities,
        InspectionScript.source(settings.renamedCommands()), () -> owned),
        new PipelineInspector(connection, capabilities), this::scan, capabilities);
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
    // while Redis loads its dataset SCAN and key reads answer -LOADING: the pass waits (SamplePass), then reads
    // the server again, and probes then
    boolean loading = "1".equals(reply.get("persistence", "loading").orElse("0").strip());
    if (withConfig && !loading) {
      probe(redis);
      owned = ownedSlots(redis, reply);
    }
    ServerView view = ServerView.from(reply, values);
    // EVALSHA_RO (7.0+) runs on read-only replicas and says the script never writes
    capabilities.updateAndGet(c -> c.withReadOnlyScripts(view.atLeast(7, 0)));
    return view;
  }

  /**
   * Asks once per pass what the user may run, on a key that does not exist (nothing is read): SCAN, without which
   * no pass can run; MEMORY USAGE and OBJECT ENCODING, refused ones remembered so that the inspection leaves them
   * out. A refusal of the probe key itself (ACL key patterns) says nothing about the command and is ignored.
   */
  private void probe(RedisAsyncCommands<byte[], byte[]> redis) throws SamplingException {
    long deadline = connection.deadline();
    RedisFuture<?> scan = redis.scan(ScanCursor.INITIAL, ScanArgs.Builder.limit(1));
    RedisFuture<?> memory = capabilities.get().memoryUsage() ? redis.memoryUsage(PROBE_KEY) : null;
    RedisFuture<?> object = capabilities.get().objectEncoding() ? redis.objectEncoding(PROBE_KEY) : null;
    String scanRefused = refusal(scan, deadline);
    boolean wasAllowed = capabilities.get().scan();
    capabilities.updateAndGet(c -> c.withScan(scanRefused == null));
    if (scanRefused != null) {
      if (wasAllowed) {
        LOG.warning("sampler: SCAN refused (" + scanRefused + "); the sampler is off until it is permitted, "
            + "scrapes go on");
      }
      throw SamplingException.samplerRefused("SCAN refused: " + scanRefused, null);
    }
    if (!wasAllowed) {
      LOG.info("sampler: SCAN permitted again; the sampler resumes");
    }
    String memoryRefused = refusal(memory, deadline);
    if (memoryRefused != null) {
      capabilities.updateAndGet(Capabilities::withoutMemoryUsage);
      LOG.warning("sampler: MEMORY USAGE refused (" + memoryRefused + "); sizes are estimated from type, "
          + "encoding and length");
    }
    String objectRefused = refusal(object, deadline);
    if (objectRefused != null) {
      capabilities.updateAndGet(Capabilities::withoutObjectEncoding);
      LOG.warning("sampler: OBJECT ENCODING refused (" + objectRefused + "); encodings are inferred from type, "
          + "length and the thresholds, keys inspected with pipelined commands");
    }
  }

  /**
   * The slots of the sampled node's shard as it sees them now, on a cluster node ({@code cluster_enabled:1} in the
   * INFO just read, so nothing more is sent elsewhere): CLUSTER NODES, whose line flagged {@code myself} names them,
   * or names the primary that does (CLUSTER SHARDS does not say which node answered). Refused: every key counts,
   * and the limits say that a migrating slot's keys may then be counted on two shards.
   */
  private OwnedSlots ownedSlots(RedisAsyncCommands<byte[], byte[]> redis, InfoReply info) throws SamplingException {
    if (!"1".equals(info.get("cluster", "cluster_enabled").orElse("0").strip())) {
      slotsUnknown = null;
      return OwnedSlots.ALL;
    }
    if ("slave".equals(info.get("replication", "role").orElse("").strip())) {
      replicaReads(redis);
    }
    if (capabilities.get().scripts()) {
      // on a replica a script reads keys without the connection's READONLY, and a script given a batch's keys
      // is refused as CROSSSLOT wherever they hash to several slots: pipelined commands work on every node
      capabilities.updateAndGet(Capabilities::withoutScriptsByChoice);
      LOG.info("sampler: a cluster node: inspecting with pipelined commands");
    }
    try {
      OwnedSlots slots = OwnedSlots.ofClusterNodes(connection.await(redis.clusterNodes(), connection.deadline()));
      slotsUnknown = slots.all() ? "CLUSTER NODES names no slots of this node's shard" : null;
      return slots;
    } catch (SamplingException e) {
      if (e.reason() != Reason.REFUSED) {
        throw e;
      }
      if (slotsUnknown == null) {
        LOG.warning("sampler: CLUSTER NODES refused (" + e.getMessage() + "); the keys of a slot being migrated "
            + "may be counted on two shards");
      }
      slotsUnknown = "CLUSTER NODES not permitted";
      return OwnedSlots.ALL;
    }
  }

  /**
   * On a cluster replica, whether redis.cluster is on or the exporter runs as a sidecar beside it: READONLY, so that
   * the replica answers the reads of its keys instead of redirecting them to its primary (again at each pass: a
   * reconnected connection forgets it).
   */
  private void replicaReads(RedisAsyncCommands<byte[], byte[]> redis) throws SamplingException {
    try {
      connection.await(redis.readOnly(), connection.deadline());
      readOnlyRefused = false;
    } catch (SamplingException e) {
      if (e.reason() != Reason.REFUSED) {
        throw e;
      }
      if (!readOnlyRefused) {
        LOG.warning("sampler: READONLY refused on a cluster replica (" + e.getMessage() + "); its keys answer MOVED "
            + "and count as vanished: permit +readonly");
      }
      readOnlyRefused = true;
    }
  }

  /** The refusal of a probe for good, or null when it answered (or was not sent, or the key was refused). */
  private String refusal(RedisFuture<?> probe, long deadline) throws SamplingException {
    if (probe == null) {
      return null;
    }
    try {
      connection.await(probe, deadline);
      return null;
    } catch (SamplingException e) {
      if (e.reason() != Reason.REFUSED || e.keysRefused()) {
        if (e.passing()) {
          throw e;
        }
        return null;
      }
      return e.getMessage();
    }
  }

  /** {@code INFO replication}: role, primary, replicas; for the choice of the node to sample. */
  Replication replication() throws SamplingException {
    RedisAsyncCommands<byte[], byte[]> redis = connection.commands(-1);
    return Replication.parse(InfoReply.parse(connection.await(redis.info("replication"), connection.deadline())));
  }

  @Override
  public Map<String, Boolean> capabilities() {
    return capabilities.get().byCommand();
  }

  @Override
  public List<String> limits() {
    List<String> out = new ArrayList<>(capabilities.get().limits());
    String unknown = slotsUnknown;
    if (unknown != null) {
      out.add("keys of slots being migrated may be counted on two shards (" + unknown + ")");
    }
    return out;
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
    return owned.filter(connection.scan(db, cursor, count));
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

  @Override
  public double keysPerCall() {
    return inspector.keysPerCall();
  }
}

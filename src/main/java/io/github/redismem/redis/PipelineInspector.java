package io.github.redismem.redis;

import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.KeyspaceReader.Inspection;
import io.github.redismem.redis.KeyspaceReader.ScanInspection;
import io.github.redismem.redis.SamplingException.Reason;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Inspects with pipelined commands, where scripts are off or refused: TYPE, OBJECT ENCODING, MEMORY USAGE and PTTL
 * of every key in one round trip, lengths and heads in a second, a member probe of small hashtable sets in a third
 * (with, where MEMORY USAGE is not permitted, a few elements of every container, for the size estimates).
 * Reads what the script reads, so the facts are the same. OBJECT refused for good is remembered in the
 * {@link Capabilities}; encodings are then unknown. Each command is checked against the user's ACL key pattern on its
 * own: a key outside it is counted as forbidden, not inspected. A key a cluster node redirects (MOVED, ASK) has moved
 * to another shard: counted as vanished, never as a failure.
 */
final class PipelineInspector implements Inspector {
  private static final Logger LOG = Logger.getLogger(PipelineInspector.class.getName());
  private static final int HEAD_BYTES = InspectionScript.HEAD_BYTES;
  /** The longest string Redis embeds in its object (embstr); longer ones are raw. */
  private static final int EMBSTR_MAX_LENGTH = 44;

  private final SamplerConnection connection;
  private final AtomicReference<Capabilities> capabilities;

  PipelineInspector(SamplerConnection connection, AtomicReference<Capabilities> capabilities) {
    this.connection = connection;
    this.capabilities = capabilities;
  }

  @Override
  public ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options)
      throws SamplingException {
    ScanPage page = connection.scan(db, cursor, count);
    Inspection inspection = page.keys().isEmpty() ? new Inspection(List.of(), 0) : inspect(db, page.keys(), options);
    return new ScanInspection(page.cursor(), page.keys().size(), inspection);
  }

  @Override
  public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws SamplingException {
    RedisAsyncCommands<byte[], byte[]> redis = connection.commands(db);
    int n = keys.size();
    List<RedisFuture<String>> types = new ArrayList<>(n);
    List<RedisFuture<String>> encodings = new ArrayList<>(n);
    List<RedisFuture<Long>> memory = new ArrayList<>(n);
    List<RedisFuture<Long>> ttls = new ArrayList<>(n);
    boolean withObject = capabilities.get().objectEncoding();
    boolean withMemory = capabilities.get().memoryUsage();
    connection.pipelined(() -> {
      for (byte[] key : keys) {
        types.add(redis.type(key));
        if (withObject) {
          encodings.add(redis.objectEncoding(key));
        }
        if (withMemory) {
          memory.add(redis.dispatch(CommandType.MEMORY, new IntegerOutput<>(ByteArrayCodec.INSTANCE),
              new CommandArgs<>(ByteArrayCodec.INSTANCE).add("USAGE").addKey(key).add("SAMPLES")
                  .add(options.memoryUsageSamples())));
        }
        ttls.add(redis.pttl(key));
      }
    });
    long deadline = connection.deadline();
    List<KeyFacts> alive = new ArrayList<>(n);
    List<byte[]> forbidden = new ArrayList<>(0);
    for (int i = 0; i < n; i++) {
      String type;
      try {
        type = connection.await(types.get(i), deadline);
      } catch (SamplingException e) {
        if (e.redirected()) {
          continue; // MOVED or ASK: the key left this cluster node, the shard that owns it counts it; vanished here
        }
        if (!e.keysRefused()) {
          throw e;
        }
        forbidden.add(keys.get(i)); // outside the user's key pattern: its other commands are refused alike, and left unread
        continue;
      }
      Long bytes = withMemory ? memoryUsage(memory.get(i), deadline) : Long.valueOf(-1);
      Long ttl = connection.await(ttls.get(i), deadline);
      String encoding = withObject ? encoding(encodings.get(i), deadline) : "unknown";
      if (type == null || "none".equals(type) || bytes == null || ttl == null || ttl == -2 || encoding == null) {
        continue;
      }
      alive.add(new KeyFacts(keys.get(i), type, encoding, bytes, ttl, -1, null, null));
    }
    List<KeyFacts> detailed = details(redis, alive, options);
    return new Inspection(detailed, n - detailed.size() - forbidden.size(), -1, forbidden);
  }

  /** The second round trip: lengths, JSON heads of raw strings; a third only for small hashtable sets. */
  private List<KeyFacts> details(RedisAsyncCommands<byte[], byte[]> redis, List<KeyFacts> keys,
      InspectOptions options) throws SamplingException {
    List<RedisFuture<Long>> lengths = new ArrayList<>(keys.size());
    List<RedisFuture<byte[]>> heads = new ArrayList<>(keys.size());
    connection.pipelined(() -> {
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
        // (where MEMORY USAGE is refused, every raw string is; where OBJECT is, every string, the head kept below
        // only for a string too long to be embedded)
        boolean unknownSize = k.memoryBytes() < 0;
        heads.add("string".equals(k.type()) && ("raw".equals(k.encoding()) || "unknown".equals(k.encoding()))
            ? redis.getrange(k.key(), 0, (unknownSize || k.memoryBytes() >= InspectionScript.SAMPLE_FROM_LENGTH
                ? InspectionScript.SAMPLE_BYTES : HEAD_BYTES) - 1) : null);
      }
    });
    long deadline = connection.deadline();
    List<KeyFacts> out = new ArrayList<>(keys.size());
    List<Integer> probe = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      KeyFacts k = keys.get(i);
      Long length;
      byte[] head;
      try {
        length = lengths.get(i) == null ? Long.valueOf(-1) : connection.await(lengths.get(i), deadline);
        head = heads.get(i) == null ? null : connection.await(heads.get(i), deadline);
      } catch (SamplingException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("WRONGTYPE") || e.redirected()) {
          continue; // retyped, or moved to another cluster node, since round one: counted as vanished
        }
        throw e;
      }
      if (length == null || (length == 0 && !"string".equals(k.type()))) {
        continue; // deleted since round one
      }
      if (head != null && "unknown".equals(k.encoding()) && length <= EMBSTR_MAX_LENGTH) {
        head = null; // an int or embstr string: the script reads no head of those either
      }
      if (head != null && head.length > HEAD_BYTES && length < InspectionScript.SAMPLE_FROM_LENGTH) {
        head = Arrays.copyOf(head, HEAD_BYTES); // as the script reads it
      }
      KeyFacts withLength = new KeyFacts(k.key(), k.type(), k.encoding(), k.memoryBytes(), k.ttlMillis(), length,
          head, null);
      if ("set".equals(k.type()) && "hashtable".equals(k.encoding()) && length <= options.setProbeMaxMembers()) {
        probe.add(out.size());
      }
      out.add(withLength);
    }
    PipelinedSamples.read(connection, redis, out, new java.util.HashSet<>(probe));
    return out;
  }

  /** MEMORY USAGE's reply; -1 (unknown, estimated later) where it is refused, which is then remembered. */
  private Long memoryUsage(RedisFuture<Long> future, long deadline) throws SamplingException {
    try {
      return connection.await(future, deadline);
    } catch (SamplingException e) {
      if (e.reason() == Reason.REFUSED) {
        if (capabilities.get().memoryUsage()) {
          capabilities.updateAndGet(Capabilities::withoutMemoryUsage);
          LOG.warning("sampler: MEMORY USAGE refused (" + e.getMessage() + "); sizes are estimated from type, "
              + "encoding and length");
        }
        return -1L;
      }
      throw e;
    }
  }

  private String encoding(RedisFuture<String> future, long deadline) throws SamplingException {
    try {
      return connection.await(future, deadline);
    } catch (SamplingException e) {
      if (e.reason() == Reason.REFUSED) {
        if (capabilities.get().objectEncoding()) {
          capabilities.updateAndGet(Capabilities::withoutObjectEncoding);
          LOG.warning("sampler: OBJECT ENCODING refused (" + e.getMessage() + "); encodings are inferred from "
              + "type, length and the thresholds");
        }
        return "unknown";
      }
      throw e;
    }
  }
}

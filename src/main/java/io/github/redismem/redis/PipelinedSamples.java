package io.github.redismem.redis;

import io.github.redismem.redis.SamplingException.Reason;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The pipelined inspection's third round trip: the member probe of small hashtable sets and, where MEMORY USAGE is
 * not permitted, a few elements of every container, read with the commands inspect.lua uses and turned at once
 * into an {@link ElementSample} (their lengths; the bytes are dropped). A refused sampling command leaves the key
 * without a sample, and its size is then estimated with assumed element lengths.
 */
final class PipelinedSamples {
  private PipelinedSamples() {}

  /**
   * Reads, in one round trip, the members of the sets at {@code probes} (the intset probe) and, of the keys whose
   * size is estimated, a few elements; replaces those keys' facts with what was learned. False where no key
   * needed either, and nothing was sent.
   */
  static boolean read(SamplerConnection connection, RedisAsyncCommands<byte[], byte[]> redis, List<KeyFacts> keys,
      Set<Integer> probes) throws SamplingException {
    List<Integer> which = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (probes.contains(i) || estimated(keys.get(i))) {
        which.add(i);
      }
    }
    if (which.isEmpty()) {
      return false;
    }
    List<Future<List<byte[]>>> samples = new ArrayList<>(which.size());
    connection.pipelined(() -> which.forEach(i -> samples.add(sample(redis, keys.get(i)))));
    long deadline = connection.deadline();
    for (int j = 0; j < which.size(); j++) {
      if (samples.get(j) == null) {
        continue;
      }
      List<byte[]> got;
      try {
        got = connection.await(samples.get(j), deadline);
      } catch (SamplingException e) {
        if (e.reason() == Reason.REFUSED && estimated(keys.get(which.get(j))) || e.redirected()) {
          continue; // refused, or the key moved to another cluster node since round one: no sample
        }
        throw e;
      }
      KeyFacts k = keys.get(which.get(j));
      ElementSample elements = got == null ? null : ElementSample.of(got);
      Boolean integers = probes.contains(which.get(j)) ? elements != null && elements.allIntegers() : null;
      keys.set(which.get(j), new KeyFacts(k.key(), k.type(), k.encoding(), k.memoryBytes(), k.ttlMillis(),
          k.length(), k.head(), integers, estimated(k) ? elements : null));
    }
    return true;
  }

  /** A stream's sample as inspect.lua reads it: the milliseconds its ids span, its first entry's fields and values. */
  private static CompletableFuture<List<byte[]>> streamSample(
      RedisAsyncCommands<byte[], byte[]> redis, byte[] key) {
    var first = redis.xrange(key, Range.unbounded(), Limit.from(1));
    var last = redis.xrevrange(key, Range.unbounded(), Limit.from(1));
    return first.toCompletableFuture().thenCombine(last.toCompletableFuture(), (a, b) -> {
      if (a.isEmpty() || b.isEmpty()) {
        return null;
      }
      List<byte[]> out = new ArrayList<>();
      out.add(Long.toString(millis(b.get(0).getId()) - millis(a.get(0).getId())).getBytes(
          StandardCharsets.US_ASCII));
      a.get(0).getBody().forEach((field, value) -> {
        out.add(field);
        out.add(value);
      });
      return out.subList(0, Math.min(out.size(), 255)); // as the script's record holds them
    });
  }

  private static long millis(String id) {
    int dash = id.indexOf('-');
    return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
  }

  /** Whether the key's size will be estimated (MEMORY USAGE not permitted), so a sample of its elements helps. */
  private static boolean estimated(KeyFacts k) {
    return k.memoryBytes() < 0 && k.length() > 0;
  }

  /** The command that reads a few elements of the key, as inspect.lua's elementSample; null for other types. */
  private static Future<List<byte[]>> sample(RedisAsyncCommands<byte[], byte[]> redis,
      KeyFacts k) {
    int n = InspectionScript.SET_PROBE_MEMBERS;
    CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(k.key());
    CommandType command;
    switch (k.type()) {
      case "hash" -> {
        command = CommandType.HRANDFIELD;
        args.add(n).add("WITHVALUES");
      }
      case "zset" -> {
        command = CommandType.ZRANDMEMBER;
        args.add(n).add("WITHSCORES");
      }
      case "set" -> {
        command = CommandType.SRANDMEMBER;
        args.add(n);
      }
      case "list" -> {
        command = CommandType.LRANGE;
        args.add(0).add(n - 1);
      }
      case "stream" -> {
        return streamSample(redis, k.key());
      }
      default -> {
        return null;
      }
    }
    return redis.dispatch(command, new ValueListOutput<>(ByteArrayCodec.INSTANCE), args);
  }

}

package io.github.redismem.redis;

import io.github.redismem.config.RedisSettings;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Asks CLUSTER SHARDS (7.0+), or CLUSTER NODES where the server does not know it (6.2), on one connection kept
 * to the last node that answered; when that node stops answering the next seed is tried. Connects with the
 * settings of redis.addr (credentials, TLS), so each node must accept them.
 */
final class LettuceClusterDiscovery implements ClusterDiscovery {
  private final RedisSettings settings;
  private final ClientResources resources;
  private RedisConnector<String, String> connector;
  private String connectedTo = "";
  private boolean shardsUnknown;

  LettuceClusterDiscovery(RedisSettings settings, ClientResources resources) {
    this.settings = settings;
    this.resources = resources;
  }

  @Override
  public synchronized ClusterTopology read(List<String> seeds) {
    String lastProblem = "no seed given";
    for (String seed : seeds) {
      if (!seed.equals(connectedTo)) {
        close();
        connector = new RedisConnector<>(settings.withAddr(scheme() + seed), resources, StringCodec.UTF8);
        connectedTo = seed;
      }
      try {
        return readFrom(connector);
      } catch (Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        lastProblem = seed + ": " + cause.getMessage();
        close();
      }
    }
    throw new IllegalStateException("no cluster node answered; last: " + lastProblem);
  }

  private ClusterTopology readFrom(RedisConnector<String, String> to) throws Exception {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    RedisAsyncCommands<String, String> redis = to.connection(deadline).async();
    if (!shardsUnknown) {
      try {
        List<Object> reply = redis.dispatch(CommandType.CLUSTER, new NestedMultiOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8).add("SHARDS")).get(remaining(deadline), TimeUnit.NANOSECONDS);
        return ClusterShardsReply.parse(reply, settings.usesTls());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RedisCommandExecutionException refusal)
            || !refusal.getMessage().toLowerCase(Locale.ROOT).contains("unknown subcommand")) {
          throw e;
        }
        shardsUnknown = true; // before 7.0: CLUSTER NODES from now on
      }
    }
    return ClusterNodesReply.parse(redis.clusterNodes().get(remaining(deadline), TimeUnit.NANOSECONDS));
  }

  private String scheme() {
    return settings.usesTls() ? "rediss://" : "redis://";
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  @Override
  public synchronized void close() {
    if (connector != null) {
      connector.close();
      connector = null;
      connectedTo = "";
    }
  }
}

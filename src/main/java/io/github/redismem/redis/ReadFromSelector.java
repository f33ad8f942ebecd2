package io.github.redismem.redis;

import io.github.redismem.config.ReadFrom;
import io.github.redismem.config.RedisSettings;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The {@link NodeSelector} of {@code sampling.readFrom}: reads {@code INFO replication} of redis.addr on the
 * connection of redis.addr's own reader (opened once, used for that one small read while another node is
 * sampled), picks the node ({@link Replication#pick}) and opens a reader on it when it is another node: the same
 * credentials, TLS settings and renamed commands as redis.addr, only the host and port differ. The reader of a node
 * no longer chosen is closed.
 */
final class ReadFromSelector implements NodeSelector {
  private static final Logger LOG = Logger.getLogger(ReadFromSelector.class.getName());

  private final RedisSettings settings;
  private final ClientResources resources;
  private final boolean scripts;
  private final ReadFrom readFrom;
  private final NodeAddress addrNode;
  private final LettuceKeyspaceReader addr;
  private Optional<NodeAddress> last = Optional.empty();
  /** The reader of the chosen node when it is not redis.addr; null otherwise. */
  private LettuceKeyspaceReader other;

  ReadFromSelector(RedisSettings settings, ClientResources resources, boolean scripts, ReadFrom readFrom) {
    this.settings = settings;
    this.resources = resources;
    this.scripts = scripts;
    this.readFrom = readFrom;
    RedisURI uri = RedisUris.uri(settings);
    // through sentinels, redis.addr is whichever node they name primary: named by the address as given
    this.addrNode = uri.getSentinelMasterId() == null ? new NodeAddress(uri.getHost(), uri.getPort())
        : new NodeAddress(settings.displayAddr(), 0);
    this.addr = new LettuceKeyspaceReader(settings, resources, scripts, Optional.empty());
  }

  @Override
  public Choice choose() throws SamplingException {
    Replication replication = addr.replication();
    NodeAddress node = replication.pick(readFrom, addrNode, last);
    if (!Optional.of(node).equals(last)) {
      if (other != null) {
        other.close();
        other = null;
      }
      if (!node.equals(addrNode)) {
        other = new LettuceKeyspaceReader(settings, resources, scripts, Optional.of(node));
      }
      LOG.info("sampler: passes read " + describe(node, replication) + " (sampling.readFrom=" + readFrom.label()
          + last.map(was -> "; was " + was).orElse("") + ")");
      last = Optional.of(node);
    }
    return new Choice(node.toString(), other != null ? other : addr);
  }

  private String describe(NodeAddress node, Replication replication) {
    if (!node.equals(addrNode)) {
      return node + (replication.primary() ? ", a replica of redis.addr" : ", the primary of redis.addr");
    }
    if (readFrom == ReadFrom.REPLICA && replication.primary()) {
      return node + ", redis.addr, a primary without online replicas: sampled unless sampling.onPrimary is false";
    }
    return node + ", redis.addr itself";
  }

  @Override
  public void close() {
    if (other != null) {
      other.close();
    }
    addr.close();
  }
}

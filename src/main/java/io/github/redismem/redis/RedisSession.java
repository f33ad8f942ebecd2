package io.github.redismem.redis;

import io.github.redismem.config.ReadFrom;
import io.github.redismem.config.RedisSettings;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The Lettuce resources (event loops) shared by the scrape's reader and the sampler's reader; each reader has a
 * connection of its own, so a long sampler batch never delays a scrape. The sessions of further targets
 * ({@link #another}) share the first one's event loops: a target costs connections, not threads.
 */
public final class RedisSession implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RedisSession.class.getName());
  private final RedisSettings settings;
  private final ClientResources resources;
  private final boolean ownsResources;

  public RedisSession(RedisSettings settings) {
    this(settings, ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build(), true);
  }

  private RedisSession(RedisSettings settings, ClientResources resources, boolean ownsResources) {
    this.settings = settings;
    this.resources = resources;
    this.ownsResources = ownsResources;
    if (settings.usesTls() && settings.tls().insecureSkipVerify()) {
      LOG.warning("redis.tls.insecureSkipVerify is true: the server's certificate is not checked, so the "
          + "connection to " + settings.displayAddr() + " is encrypted but anyone in the path can impersonate Redis");
    }
  }

  /** The scrape's reader; concurrent scrapes share the read in flight ({@link SharedReads}). */
  public MemoryStateReader memoryStateReader() {
    return new SharedReads(new LettuceMemoryStateReader(settings, resources));
  }

  /**
   * The sampler's reader.
   *
   * @param scripts inspect each batch with one Lua script call where the server allows it
   */
  public KeyspaceReader keyspaceReader(boolean scripts) {
    return new LettuceKeyspaceReader(settings, resources, scripts);
  }

  /**
   * The sampler's choice of node ({@code sampling.readFrom}) and its readers: redis.addr's, and another node's
   * (a replica, or the primary) opened with redis.addr's settings when the choice falls on it.
   *
   * @param scripts inspect each batch with one Lua script call where the server allows it
   */
  public NodeSelector nodeSelector(boolean scripts, ReadFrom readFrom) {
    return new ReadFromSelector(settings, resources, scripts, readFrom);
  }

  /** A reader of MEMORY MALLOC-STATS on a connection of its own. */
  public AllocatorReader allocatorReader() {
    return new LettuceAllocatorReader(settings, resources);
  }

  /** Reads the topology of the cluster redis.addr belongs to, with redis.addr's credentials and TLS. */
  public ClusterDiscovery clusterDiscovery() {
    return new LettuceClusterDiscovery(settings, resources);
  }

  /** A session for another Redis on this one's event loops; close it before this one. */
  public RedisSession another(RedisSettings other) {
    return new RedisSession(other, resources, false);
  }

  @Override
  public void close() {
    if (ownsResources) {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}

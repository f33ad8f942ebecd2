package io.github.redismem.cli;

import io.github.redismem.config.ExporterConfig;
import io.github.redismem.config.RedisSettings;
import io.github.redismem.config.TargetSettings;
import io.github.redismem.config.ValueKind;
import io.github.redismem.http.ScrapeTargets;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.redis.RedisSession;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The Redis servers /scrape may read: redis.addr, each of the {@code targets} list (with its own credentials and
 * sampler, started with the exporter), and with web.allowAnyTarget any other, scrape-time metrics only, on the
 * top-level settings. Those last are kept for the next scrape, at most {@link #MAX_UNLISTED} of them: the least
 * recently scraped one is closed to make room, so a client cycling through addresses cannot make the exporter
 * hold unbounded connections.
 */
final class TargetPool implements ScrapeTargets, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TargetPool.class.getName());
  static final int MAX_UNLISTED = 64;

  /** redis.addr's Monitored (the exporter's, started and closed by it) and those of the targets list. */
  private final Map<String, Monitored> listed = new LinkedHashMap<>();
  /** The targets list's own, which this pool starts and closes. */
  private final List<Monitored> owned = new ArrayList<>();
  private final Map<String, Monitored> unlisted = new LinkedHashMap<>(16, 0.75f, true);
  private final RedisSession main;
  private final ExporterConfig config;
  private final BuildInfo build;
  private final int maxUnlisted;

  /**
   * @param mainMonitored redis.addr's, served under its address; empty in a cluster, whose nodes (redis.addr one
   *     of them) {@link ClusterNodes} serves
   */
  TargetPool(RedisSession main, Optional<Monitored> mainMonitored, ExporterConfig config, BuildInfo build) {
    this(main, mainMonitored, config, build, MAX_UNLISTED);
  }

  TargetPool(RedisSession main, Optional<Monitored> mainMonitored, ExporterConfig config, BuildInfo build,
      int maxUnlisted) {
    this.main = main;
    this.config = config;
    this.build = build;
    this.maxUnlisted = maxUnlisted;
    mainMonitored.ifPresent(m -> listed.put(nameOf(config.redis().addr()), m));
    for (TargetSettings target : config.targets()) {
      Monitored monitored = new Monitored(main.another(target.redis()), config, target.sampling(),
          config.allocator(), build);
      listed.put(target.name(), monitored);
      owned.add(monitored);
    }
  }

  /** Starts the samplers and allocator reads of the listed targets (not redis.addr's: the exporter does). */
  void start() {
    owned.forEach(Monitored::start);
    if (!config.targets().isEmpty()) {
      LOG.info("serving /scrape for " + listed.size() + " targets" + (config.web().allowAnyTarget()
          ? " and any other (web.allowAnyTarget)" : ""));
    }
  }

  @Override
  public Lookup lookup(String target) {
    String name;
    try {
      name = TargetSettings.canonical(target);
    } catch (ValueKind.Invalid e) {
      return new Refused(400, "target: " + e.getMessage());
    }
    Monitored known = listed.get(name);
    if (known != null) {
      return new Found(known.registry());
    }
    if (!config.web().allowAnyTarget()) {
      return new Refused(403, "target " + name + " is neither redis.addr nor in the targets list; list it, or set "
          + "web.allowAnyTarget to let /scrape read any Redis");
    }
    return new Found(unlisted(name).registry());
  }

  private Monitored unlisted(String name) {
    List<Monitored> evicted = new ArrayList<>();
    Monitored found;
    synchronized (unlisted) {
      found = unlisted.get(name);
      if (found == null) {
        RedisSettings settings = config.redis().withAddr(name).withCluster(false);
        found = new Monitored(main.another(settings), config, config.sampling().withEnabled(false),
            config.allocator().withInterval(java.time.Duration.ZERO), build);
        unlisted.put(name, found);
        for (Iterator<Monitored> it = unlisted.values().iterator(); unlisted.size() > maxUnlisted; ) {
          evicted.add(it.next());
          it.remove();
        }
      }
    }
    // closing waits for Lettuce to let go of the connection: not while other scrapes wait for the lock
    evicted.forEach(Monitored::close);
    return found;
  }

  /** How many targets not in the list are held now. */
  int unlistedCount() {
    synchronized (unlisted) {
      return unlisted.size();
    }
  }

  static String nameOf(String addr) {
    try {
      return TargetSettings.canonical(addr);
    } catch (ValueKind.Invalid e) {
      throw new IllegalStateException("redis.addr was checked when loaded: " + e.getMessage(), e);
    }
  }

  /** Closes every target but redis.addr's, which the exporter closes. */
  @Override
  public void close() {
    owned.forEach(Monitored::close);
    synchronized (unlisted) {
      unlisted.values().forEach(Monitored::close);
      unlisted.clear();
    }
  }
}

package io.github.redismem.redis;

import io.github.redismem.config.RedisSettings;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce resources (event loops) shared by the scrape's reader and the sampler's reader; each reader has a
 * connection of its own, so a long sampler batch never delays a scrape.
 */
public final class RedisSession implements AutoCloseable {
  private final RedisSettings settings;
  private final ClientResources resources =
      ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1).build();

  public RedisSession(RedisSettings settings) {
    this.settings = settings;
  }

  public MemoryStateReader memoryStateReader() {
    return new LettuceMemoryStateReader(settings, resources);
  }

  public KeyspaceReader keyspaceReader() {
    return new LettuceKeyspaceReader(settings, resources);
  }

  @Override
  public void close() {
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}

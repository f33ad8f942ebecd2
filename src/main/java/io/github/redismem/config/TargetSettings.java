package io.github.redismem.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * One Redis of the {@code targets} list: how to reach it and how to sample it. Scraped through
 * {@code /scrape?target=NAME}, where NAME is {@link #name()} or any spelling of the same address.
 *
 * @param redis its connection settings: those of the top level, overridden by the target's own
 * @param sampling its sampler's settings: those of the top level, overridden by the target's own
 */
public record TargetSettings(RedisSettings redis, SamplingSettings sampling) {

  /** The target's name: its address without credentials, as {@link #canonical} writes it. */
  public String name() {
    try {
      return canonical(redis.addr());
    } catch (ValueKind.Invalid e) {
      throw new IllegalStateException("redis.addr was checked when loaded: " + e.getMessage(), e);
    }
  }

  /**
   * An address as one name, whatever its spelling: {@code cache:6379}, {@code redis://cache:6379} and
   * {@code redis://user:pw@cache:6379/0} are all {@code redis://cache:6379}. Throws {@link ValueKind.Invalid}
   * for text that is no Redis address.
   */
  public static String canonical(String addr) throws ValueKind.Invalid {
    String checked = Scalars.redisAddress(addr);
    if (SentinelAddress.isSentinel(checked)) {
      return SentinelAddress.parse(checked).canonical();
    }
    try {
      URI uri = new URI(checked);
      String path = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")
          || uri.getPath().equals("/0") ? "" : uri.getPath();
      String host = uri.getHost().toLowerCase(java.util.Locale.ROOT);
      return uri.getScheme() + "://" + host + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort()) + path;
    } catch (URISyntaxException e) {
      throw new ValueKind.Invalid("expected a URL like redis://host:6379, got " + Scalars.quoted(addr));
    }
  }
}

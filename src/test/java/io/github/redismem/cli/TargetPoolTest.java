package io.github.redismem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.http.ScrapeTargets;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.redis.RedisSession;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which targets /scrape may read, and the bound on those not listed. Nothing connects until a scrape collects,
 * so the addresses need no server (MultiTargetIT scrapes real ones).
 */
class TargetPoolTest {
  private static ExporterConfig config(String... flags) throws Exception {
    return ConfigLoader.load(CommandLine.parse(flags), Map.of());
  }

  @Test
  void onlyRedisAddrWithoutTheListOrAllowAnyTarget() throws Exception {
    ExporterConfig config = config("--redis.addr=redis://cache:6379", "--sampling.enabled=false");
    try (RedisSession session = new RedisSession(config.redis());
        Monitored main = new Monitored(session, config, config.sampling(), config.allocator(), new BuildInfo("test", "test"));
        TargetPool pool = new TargetPool(session, java.util.Optional.of(main), config, new BuildInfo("test", "test"))) {
      assertThat(pool.lookup("cache:6379")).isEqualTo(new ScrapeTargets.Found(main.registry()));
      assertThat(pool.lookup("redis://user:pw@CACHE:6379/0")).isEqualTo(new ScrapeTargets.Found(main.registry()));
      assertThat(pool.lookup("redis://cache:6380")).isInstanceOf(ScrapeTargets.Refused.class)
          .extracting(r -> ((ScrapeTargets.Refused) r).status()).isEqualTo(403);
      assertThat(pool.lookup("cache:99999")).isInstanceOf(ScrapeTargets.Refused.class)
          .extracting(r -> ((ScrapeTargets.Refused) r).status()).isEqualTo(400);
    }
  }

  @Test
  void unlistedTargetsAreBoundedLeastRecentlyScrapedFirst() throws Exception {
    ExporterConfig config = config("--redis.addr=redis://cache:6379", "--sampling.enabled=false",
        "--web.allow-any-target=true");
    try (RedisSession session = new RedisSession(config.redis());
        Monitored main = new Monitored(session, config, config.sampling(), config.allocator(), new BuildInfo("test", "test"));
        TargetPool pool = new TargetPool(session, java.util.Optional.of(main), config, new BuildInfo("test", "test"), 3)) {
      ScrapeTargets.Found first = (ScrapeTargets.Found) pool.lookup("redis://a:1");
      pool.lookup("redis://b:1");
      pool.lookup("redis://c:1");
      assertThat(pool.lookup("a:1")).isEqualTo(first); // the same one again, now the most recent
      for (int port = 10; port < 20; port++) {
        pool.lookup("redis://d:" + port);
      }
      assertThat(pool.unlistedCount()).isEqualTo(3);
      assertThat(pool.lookup("redis://a:1")).isNotEqualTo(first); // it was closed to make room: a new one
    }
  }
}

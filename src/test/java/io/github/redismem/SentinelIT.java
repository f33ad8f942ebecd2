package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisServerProcess;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * redis.addr as redis-sentinel://host:port/mastername: the exporter reads whichever node the sentinels call the
 * primary, and after SENTINEL FAILOVER the next scrapes read the new primary, never the demoted one.
 */
class SentinelIT {

  @RedisTest
  void scrapesFollowTheFailover(RedisBinary binary) throws Exception {
    RedisBinary.Executable exe = (RedisBinary.Executable) binary;
    try (RedisServer first = binary.start()) {
      try (RedisServer second = binary.start("replicaof " + first.host() + " " + first.port());
          RedisServerProcess sentinel = RedisServerProcess.startSentinel(exe.path(), exe.version(),
              "sentinel monitor mymaster " + first.host() + " " + first.port() + " 1",
              "sentinel down-after-milliseconds mymaster 1000", "sentinel failover-timeout mymaster 10000")) {
        for (int i = 0; i < 50; i++) {
          first.admin().set("k:" + i, "v" + i);
        }
        await(() -> second.admin().dbsize() == 50, "the replica's sync");
        await(() -> sentinel.admin().info("sentinel").contains("slaves=1"), "the sentinel to see the replica");
        String addr = "redis-sentinel://" + sentinel.host() + ":" + sentinel.port() + "/mymaster";
        try (Exporter exporter = RunningExporter.start(addr, "--sampling.enabled=false")) {
          Scrape before = Scrape.get(exporter.port(), "/metrics");
          assertThat(before.require("redismem_up")).isEqualTo(1.0);
          assertThat(before.require("redismem_db_keys{db=\"0\"}")).isEqualTo(50);
          assertThat(memoryStatsCalls(first)).isPositive();
          assertThat(memoryStatsCalls(second)).isZero();

          assertThat(failover(sentinel)).isEqualTo("OK");
          await(() -> second.admin().info("replication").contains("role:master")
              && first.admin().info("replication").contains("role:slave"), "the failover");

          // the first scrape after it finds the demoted node and asks the sentinels again
          Scrape during = Scrape.get(exporter.port(), "/metrics");
          assertThat(during.require("redismem_up")).isEqualTo(1.0);
          assertThat(during.require("redismem_db_keys{db=\"0\"}")).isEqualTo(50);
          first.admin().configResetstat();
          second.admin().configResetstat();
          for (int i = 0; i < 3; i++) {
            assertThat(Scrape.get(exporter.port(), "/metrics").require("redismem_up")).isEqualTo(1.0);
          }
          assertThat(memoryStatsCalls(first)).as("the demoted node").isZero();
          // 3 on 7.0; 6.2 counts MEMORY STATS and DOCTOR together
          assertThat(memoryStatsCalls(second)).as("the new primary").isIn(3L, 6L);
        }
      }
    }
  }

  /** The MEMORY STATS calls the node counted (only the exporter's scrapes send MEMORY). */
  private static long memoryStatsCalls(RedisServer node) {
    long calls = 0;
    for (String line : node.admin().info("commandstats").split("\r?\n")) {
      // 7.0 counts subcommands apart (cmdstat_memory|stats); 6.2 counts MEMORY as one, and only scrapes send it
      if (line.startsWith("cmdstat_memory|stats:") || line.startsWith("cmdstat_memory:")) {
        calls += Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
      }
    }
    return calls;
  }

  /** The condition, or false where asking failed: a failover makes Sentinel kill the old primary's clients. */
  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!holds(condition)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within 30 s");
      }
      Thread.sleep(100);
    }
  }


  /**
   * SENTINEL FAILOVER, asked again while the sentinel answers NOGOODSLAVE: having seen the replica is not enough, it
   * promotes only one it has pinged and read INFO from lately, which a loaded machine can delay for seconds.
   */
  static Object failover(RedisServerProcess sentinel) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return sentinel.admin().dispatch(CommandType.SENTINEL, new StatusOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8).add("FAILOVER").add("mymaster"));
      } catch (io.lettuce.core.RedisCommandExecutionException e) {
        if (!String.valueOf(e.getMessage()).startsWith("NOGOODSLAVE") || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}

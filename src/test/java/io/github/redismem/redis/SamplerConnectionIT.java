package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.RedisSettings;
import io.github.redismem.redis.SamplingException.Reason;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sampler's pipelined rounds ({@link SamplerConnection#timed}) against a real server: every command answered,
 * no timer of Lettuce's per command (the deadline bounds the wait), and a server that stops answering costs the
 * round its deadline, after which the next round reconnects.
 */
class SamplerConnectionIT {
  private static final int KEYS = 1_000;

  @RedisTest
  void aRoundSetsNoTimerPerCommandAndEveryReplyIsRead(RedisBinary binary) throws Exception {
    CountingTimer timer = new CountingTimer();
    ClientResources resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
        .timer(timer).build();
    try (RedisServer redis = binary.start()) {
      for (int i = 0; i < KEYS; i++) {
        redis.admin().rpush("list:" + i, "a".repeat(i % 7 + 1));
      }
      try (SamplerConnection connection = new SamplerConnection(settings(redis, "5s"), resources,
          Optional.empty())) {
        connection.commands(0);
        long before = timer.scheduled.get();
        List<AsyncCommand<byte[], byte[], Long>> lengths = new ArrayList<>();
        List<RedisCommand<byte[], byte[], ?>> round = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
          AsyncCommand<byte[], byte[], Long> llen = llen("list:" + i);
          lengths.add(llen);
          round.add(llen);
        }
        long nanos = connection.timed(round, connection.deadline());

        assertThat(nanos).as("Redis's time for the round, by TIME").isPositive();
        for (int i = 0; i < KEYS; i++) {
          assertThat(lengths.get(i).get(0, TimeUnit.SECONDS)).isEqualTo(1L);
        }
        // Lettuce's timeout per command would be one timer each (the two TIMEs included)
        assertThat(timer.scheduled.get() - before).as("timers set by the round").isZero();
        // other commands of the connection keep Lettuce's timeout
        connection.await(connection.commands(0).dbsize(), connection.deadline());
        assertThat(timer.scheduled.get() - before).isEqualTo(1);
      }
    } finally {
      resources.shutdown(0, 2, TimeUnit.SECONDS).get();
    }
  }

  @RedisTest
  void aServerThatStopsAnsweringCostsTheRoundItsDeadlineAndTheNextReconnects(RedisBinary binary) throws Exception {
    ClientResources resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    try (RedisServer redis = binary.start()) {
      redis.admin().rpush("list", "a", "b");
      try (SamplerConnection connection = new SamplerConnection(settings(redis, "700ms"), resources,
          Optional.empty())) {
        connection.commands(0);
        List<RedisCommand<byte[], byte[], ?>> round = new ArrayList<>(List.of(llen("list")));
        redis.freeze();
        long start = System.nanoTime();
        try {
          assertThatThrownBy(() -> connection.timed(round, connection.deadline()))
              .isInstanceOfSatisfying(SamplingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        } finally {
          redis.thaw();
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waited).as("ms waited").isBetween(600L, 3_000L);
        assertThat(round.get(0).isDone()).as("the command still out, failed with its connection").isTrue();

        connection.commands(0);
        AsyncCommand<byte[], byte[], Long> again = llen("list");
        connection.timed(new ArrayList<>(List.of(again)), connection.deadline());
        assertThat(again.get(0, TimeUnit.SECONDS)).isEqualTo(2L);
      }
    } finally {
      resources.shutdown(0, 2, TimeUnit.SECONDS).get();
    }
  }

  private static AsyncCommand<byte[], byte[], Long> llen(String key) {
    return new AsyncCommand<>(new Command<>(CommandType.LLEN, new IntegerOutput<>(ByteArrayCodec.INSTANCE),
        new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(key.getBytes(StandardCharsets.UTF_8))));
  }

  private static RedisSettings settings(RedisServer redis, String timeout) throws Exception {
    return ConfigLoader.load(CommandLine.parse(new String[] {"--redis.addr=" + redis.uri(),
        "--redis.timeout=" + timeout}), Map.of()).redis();
  }

  /** Lettuce's timer, counting the timeouts set on it. */
  private static final class CountingTimer implements Timer {
    final AtomicLong scheduled = new AtomicLong();
    private final HashedWheelTimer wheel = new HashedWheelTimer();

    @Override
    public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
      scheduled.incrementAndGet();
      return wheel.newTimeout(task, delay, unit);
    }

    @Override
    public Set<Timeout> stop() {
      return wheel.stop();
    }
  }
}

package io.github.redismem.redis;

import io.github.redismem.config.RedisSettings;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends MEMORY MALLOC-STATS over a connection of its own, so its reply of tens of KB never queues before a
 * scrape's commands, and waits at most {@code redis.timeout}.
 */
final class LettuceAllocatorReader implements AllocatorReader {
  private final RedisSettings settings;
  private final RedisConnector<String, String> connector;

  LettuceAllocatorReader(RedisSettings settings, ClientResources resources) {
    this.settings = settings;
    this.connector = new RedisConnector<>(settings, resources, StringCodec.UTF8);
  }

  @Override
  public AllocatorStats read() {
    long start = System.nanoTime();
    long deadline = start + settings.timeout().toNanos();
    CompletableFuture<String> reply = null;
    try {
      reply = connector.connection(deadline).async().dispatch(CommandType.MEMORY,
          new StatusOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).add("MALLOC-STATS"))
          .toCompletableFuture();
      String text = reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return AllocatorStats.of(text, Instant.now(), since(start));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RedisCommandExecutionException refusal) {
        CommandFailure kind = CommandFailure.classify(refusal.getMessage());
        return AllocatorStats.failed("Redis refused MEMORY MALLOC-STATS (" + kind.label() + "): "
            + refusal.getMessage(), Instant.now(), since(start));
      }
      return AllocatorStats.failed("MEMORY MALLOC-STATS failed: " + e.getCause(), Instant.now(), since(start));
    } catch (TimeoutException e) {
      if (reply != null) {
        reply.cancel(false);
      }
      connector.drop();
      return AllocatorStats.failed("no answer to MEMORY MALLOC-STATS within " + settings.timeout().toMillis()
          + " ms (redis.timeout)", Instant.now(), since(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AllocatorStats.failed("interrupted", Instant.now(), since(start));
    } catch (Exception e) {
      return AllocatorStats.failed("cannot connect to " + settings.displayAddr() + ": " + e, Instant.now(),
          since(start));
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    connector.close();
  }
}

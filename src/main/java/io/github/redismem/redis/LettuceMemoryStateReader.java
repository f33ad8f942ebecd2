package io.github.redismem.redis;

import io.github.redismem.config.RedisSettings;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads INFO, MEMORY STATS, MEMORY DOCTOR and CONFIG GET over one connection. All commands are sent at once
 * (pipelined) and awaited against one deadline, {@code redis.timeout}, so a slow Redis delays a scrape by at most
 * that much.
 */
public final class LettuceMemoryStateReader implements MemoryStateReader {
  private static final Logger LOG = Logger.getLogger(LettuceMemoryStateReader.class.getName());
  /** The settings behind encodings, memory limits and defragmentation; patterns so 6.2 and 7.x names both match. */
  static final List<String> CONFIG_PATTERNS =
      List.of("*-max-*", "maxmemory*", "active*defrag*", "list-compress-depth", "client-output-buffer-limit");

  private final RedisSettings settings;
  private final RedisConnector<String, String> connector;
  private final CommandAvailability availability = new CommandAvailability();
  private final AtomicBoolean answered = new AtomicBoolean();
  private final AtomicBoolean downLogged = new AtomicBoolean();

  LettuceMemoryStateReader(RedisSettings settings, ClientResources resources) {
    this.settings = settings;
    this.connector = new RedisConnector<>(settings, resources, StringCodec.UTF8);
  }

  /**
   * Reads the node; behind Sentinel, a node that is no longer the primary (a failover while the connection
   * stayed open) is let go and the sentinels' current primary read instead, once, within the same deadline.
   */
  @Override
  public MemoryState read() {
    long start = System.nanoTime();
    MemoryState state = readNode(start);
    if (connector.followsPrimary() && state.up() && !isPrimary(state)) {
      LOG.info("the node " + target() + " led to is no longer the primary (a failover): asking the sentinels again");
      connector.drop();
      state = readNode(start);
    }
    return state;
  }

  private static boolean isPrimary(MemoryState state) {
    return state.info().flatMap(i -> i.get("replication", "role")).map("master"::equals).orElse(true);
  }

  private MemoryState readNode(long start) {
    long deadline = start + settings.timeout().toNanos();
    Map<RedisCommand, String> failed = new LinkedHashMap<>();
    RedisAsyncCommands<String, String> redis;
    try {
      redis = connector.connection(deadline).async();
    } catch (Exception e) {
      logDown("cannot connect to " + target() + ": " + describe(e));
      return MemoryState.down(since(start), List.of(RedisCommand.CONNECT), availability.snapshot());
    }

    CompletableFuture<String> info = redis.info().toCompletableFuture();
    CompletableFuture<List<Object>> stats = availability.skip(RedisCommand.MEMORY_STATS) ? null
        : redis.dispatch(CommandType.MEMORY, new NestedMultiOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8).add("STATS")).toCompletableFuture();
    CompletableFuture<String> doctor = availability.skip(RedisCommand.MEMORY_DOCTOR) ? null
        : redis.dispatch(CommandType.MEMORY, new StatusOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8).add("DOCTOR")).toCompletableFuture();
    List<CompletableFuture<Map<String, String>>> config = new ArrayList<>();
    if (!availability.skip(RedisCommand.CONFIG_GET)) {
      for (String pattern : CONFIG_PATTERNS) {
        config.add(redis.configGet(pattern).toCompletableFuture());
      }
    }

    Optional<InfoReply> infoReply = await(RedisCommand.INFO, info, deadline, failed).map(InfoReply::parse);
    if (infoReply.isEmpty()) {
      // INFO is the cheapest command: if it did not answer in time the connection is suspect
      connector.drop();
      logDown("INFO failed on " + target() + ": " + failed.get(RedisCommand.INFO));
      return MemoryState.down(since(start), List.copyOf(failed.keySet()), availability.snapshot());
    }
    availability.serverIs(infoReply.get().get("server", "run_id").orElse(""));
    Optional<MemoryStats> memoryStats = stats == null ? Optional.empty()
        : await(RedisCommand.MEMORY_STATS, stats, deadline, failed).map(MemoryStats::parse);
    Optional<DoctorText> doctorText = doctor == null ? Optional.empty()
        : await(RedisCommand.MEMORY_DOCTOR, doctor, deadline, failed).map(DoctorText::parse);
    Map<String, String> configValues = new LinkedHashMap<>();
    for (CompletableFuture<Map<String, String>> part : config) {
      await(RedisCommand.CONFIG_GET, part, deadline, failed).ifPresent(configValues::putAll);
    }
    // both flags change: with || a Redis down at start-up, then up, never had its next outage logged as a warning
    if (answered.compareAndSet(false, true) | downLogged.compareAndSet(true, false)) {
      LOG.info("Redis at " + target() + " answers");
    }
    return new MemoryState(true, since(start), infoReply, memoryStats, doctorText, Map.copyOf(configValues),
        List.copyOf(failed.keySet()), availability.snapshot());
  }

  private <T> Optional<T> await(RedisCommand command, CompletableFuture<T> future, long deadline,
      Map<RedisCommand, String> failed) {
    String reason;
    try {
      return Optional.ofNullable(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RedisCommandExecutionException refusal) {
        CommandFailure failure = CommandFailure.classify(refusal.getMessage());
        if (availability.refused(command, failure, refusal.getMessage())) {
          return Optional.empty();
        }
      }
      reason = describe(cause);
    } catch (TimeoutException e) {
      future.cancel(false);
      reason = "no answer within " + settings.timeout().toMillis() + " ms (redis.timeout)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reason = "interrupted";
    }
    LOG.log(Level.FINE, command.label() + " failed: " + reason);
    failed.putIfAbsent(command, reason);
    return Optional.empty();
  }

  private void logDown(String message) {
    if (downLogged.compareAndSet(false, true)) {
      LOG.warning(message + "; will retry at each scrape");
    } else {
      LOG.fine(message);
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String describe(Throwable e) {
    Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof TimeoutException) {
      return "timed out";
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @Override
  public boolean hasAnswered() {
    return answered.get();
  }

  @Override
  public String target() {
    return settings.displayAddr();
  }

  @Override
  public void close() {
    connector.close();
  }
}

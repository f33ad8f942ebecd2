package io.github.redismem.redis;

import io.github.redismem.config.RedisSettings;
import io.github.redismem.redis.SamplingException.Reason;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.KeyScanOutput;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The sampler's connection: keys as bytes (ByteArrayCodec), the database selected as asked, commands pipelined
 * per batch (auto-flush off while they are sent), every wait bounded by {@code redis.timeout} and every failure
 * turned into a {@link SamplingException} with its reason. Opened again after a timeout or a lost connection. Used
 * by the sampler's thread only.
 */
final class SamplerConnection implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SamplerConnection.class.getName());
  private final RedisConnector<byte[], byte[]> connector;
  private final long timeoutNanos;
  private StatefulRedisConnection<byte[], byte[]> current;
  /** {@code current}'s writer without a timeout per command, for {@link #timed}: its waits are bounded here. */
  private RedisChannelWriter untimed;
  /** The database a new connection is on: the URI's ({@code redis://host/3}), 0 unless it names one. */
  private final int initialDb;
  private int selectedDb = -1;
  /** TIME was refused: pipelined commands are not timed by Redis, nor is TIME asked again. */
  private boolean timeRefused;

  /** @param node the node to connect to instead of redis.addr's host and port, with its settings otherwise */
  SamplerConnection(RedisSettings settings, ClientResources resources, Optional<NodeAddress> node) {
    this.connector = new RedisConnector<>(settings, resources, ByteArrayCodec.INSTANCE, node);
    this.timeoutNanos = settings.timeout().toNanos();
    // the connector's URI, not redis.addr parsed again: a redis-sentinel:// address's path names the primary
    this.initialDb = connector.database();
  }

  /** The commands of the open connection (connecting first if needed), on {@code db} unless it is negative. */
  RedisAsyncCommands<byte[], byte[]> commands(int db) throws SamplingException {
    long deadline = deadline();
    StatefulRedisConnection<byte[], byte[]> c;
    try {
      c = connector.connection(deadline);
    } catch (Exception e) {
      throw new SamplingException(Reason.CONNECTION, "cannot connect: " + connectFailure(e), e);
    }
    if (c != current) {
      current = c;
      untimed = ExporterRedisClient.untimedWriter(c);
      selectedDb = initialDb; // no SELECT for the database the connection is on: a user may not be allowed it
      c.setAutoFlushCommands(true);
    }
    if (db >= 0 && db != selectedDb) {
      try {
        await(c.async().select(db), deadline);
      } catch (SamplingException e) {
        if (e.reason() == Reason.REFUSED) {
          throw SamplingException.databaseRefused(db, "SELECT " + db + " refused: " + e.getMessage(), e);
        }
        throw e;
      }
      selectedDb = db;
    }
    return c.async();
  }

  /** {@code redis.timeout} from now, as a {@link System#nanoTime()} deadline. */
  long deadline() {
    return System.nanoTime() + timeoutNanos;
  }

  /** One SCAN step, timed by Redis (see {@link #timed}). */
  ScanPage scan(int db, String cursor, int count) throws SamplingException {
    commands(db);
    AsyncCommand<byte[], byte[], KeyScanCursor<byte[]>> scan = new AsyncCommand<>(new Command<>(CommandType.SCAN,
        new KeyScanOutput<>(ByteArrayCodec.INSTANCE),
        new CommandArgs<>(ByteArrayCodec.INSTANCE).add(cursor).add("COUNT").add(count)));
    List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(List.of(scan));
    long deadline = deadline();
    long nanos = timed(commands, deadline);
    KeyScanCursor<byte[]> page = await(scan, deadline);
    return new ScanPage(page.isFinished() ? "0" : page.getCursor(), page.getKeys(), 0, nanos);
  }

  /**
   * Sends {@code commands} (opened and on its db by {@link #commands(int)}) in one flush, between a TIME before and
   * after them (added to the list), and waits for the last reply (every reply is then there: Redis answers in
   * order, and they are read without waking for each). They go below Lettuce's timeout per command
   * ({@link ExporterRedisClient#untimedWriter}): the deadline bounds the wait, and a timeout drops the connection,
   * which fails every command still out. Returns Redis's time from the first command to the last by its own clock: what the
   * commands cost it, for the throttle, rather than the round trip, which adds the network, Lettuce and the
   * sampler's own work, several times Redis's. -1 where TIME is refused (then never asked again).
   */
  long timed(List<RedisCommand<byte[], byte[], ?>> commands, long deadline) throws SamplingException {
    if (commands.isEmpty()) {
      return 0;
    }
    AsyncCommand<byte[], byte[], List<byte[]>> start = null;
    AsyncCommand<byte[], byte[], List<byte[]>> end = null;
    if (!timeRefused) {
      start = new AsyncCommand<>(new Command<>(CommandType.TIME, new ValueListOutput<>(ByteArrayCodec.INSTANCE)));
      end = new AsyncCommand<>(new Command<>(CommandType.TIME, new ValueListOutput<>(ByteArrayCodec.INSTANCE)));
      commands.add(0, start);
      commands.add(end);
    }
    untimed.write(commands);
    awaitDone((Future<?>) commands.get(commands.size() - 1), deadline);
    if (start == null) {
      return -1;
    }
    try {
      return Math.max(0, micros(await(end, deadline)) - micros(await(start, deadline))) * 1_000;
    } catch (SamplingException e) {
      if (e.reason() != Reason.REFUSED) {
        throw e;
      }
      timeRefused = true;
      LOG.info("sampler: TIME refused (" + e.getMessage() + "); pipelined commands are counted by their round trip");
      return -1;
    }
  }

  /** TIME's reply in microseconds. */
  private static long micros(List<byte[]> time) {
    return Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII)) * 1_000_000
        + Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII));
  }

  /** Sends what {@code sends} issues on the current connection in one write. */
  void pipelined(Runnable sends) {
    current.setAutoFlushCommands(false);
    try {
      sends.run();
    } finally {
      current.flushCommands();
      current.setAutoFlushCommands(true);
    }
  }

  /**
   * Waits until {@code future} is done, whatever its outcome: the last command of a pipelined round, after which
   * every reply of the round is there (Redis answers in order), to be read without waiting for each. A timeout or a
   * lost connection drops the connection, as in {@link #await}.
   */
  void awaitDone(Future<?> future, long deadline) throws SamplingException {
    try {
      await(future, deadline);
    } catch (SamplingException e) {
      if (e.reason() == Reason.TIMEOUT || e.reason() == Reason.CONNECTION) {
        throw e;
      }
      // an error reply of that command: its caller reads it with the others
    }
  }

  /** The reply, or the failure with its reason; a timeout or a lost connection drops the connection. */
  <T> T await(Future<T> future, long deadline) throws SamplingException {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      connector.drop();
      throw new SamplingException(Reason.TIMEOUT, "no answer within redis.timeout", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RedisCommandTimeoutException) {
        connector.drop();
        throw new SamplingException(Reason.TIMEOUT, cause.getMessage(), cause);
      }
      if (cause instanceof RedisCommandExecutionException refusal) {
        String message = String.valueOf(refusal.getMessage());
        throw new SamplingException(SamplingException.reasonOf(message), message, cause);
      }
      connector.drop();
      throw new SamplingException(Reason.CONNECTION, String.valueOf(cause), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SamplingException(Reason.ERROR, "interrupted", e);
    }
  }

  /**
   * The reason a connection attempt failed, for a person: the cause of an ExecutionException, and "no connection
   * within redis.timeout" for a TimeoutException, whose message is null (analyze printed "cannot connect: null").
   */
  private String connectFailure(Exception e) {
    Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof TimeoutException) {
      return "no connection within redis.timeout (" + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms)";
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  @Override
  public void close() {
    connector.close();
  }
}

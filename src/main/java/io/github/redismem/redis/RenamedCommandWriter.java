package io.github.redismem.redis;

import io.github.redismem.config.RenamedCommands;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.ConnectionFacade;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Sends each command under the name the server knows it by (redis.renamedCommands), below every Lettuce API: the
 * one place a rename applies, so the typed commands of the scrape, the sampler and the allocator read all follow
 * it. A command the server has disabled (renamed to "") is not sent; it fails as Redis fails an unknown command,
 * which every caller already treats as "not permitted here". Decorates Lettuce's writer as Lettuce's own
 * CommandExpiryWriter does.
 */
final class RenamedCommandWriter implements RedisChannelWriter {
  private static final byte[] CRLF = {'\r', '\n'};

  private final RedisChannelWriter delegate;
  private final RenamedCommands renamed;

  RenamedCommandWriter(RedisChannelWriter delegate, RenamedCommands renamed) {
    this.delegate = delegate;
    this.renamed = renamed;
  }

  /** The writer it renames for. */
  RedisChannelWriter delegate() {
    return delegate;
  }

  /** The same renames over another writer. */
  RenamedCommandWriter over(RedisChannelWriter other) {
    return new RenamedCommandWriter(other, renamed);
  }

  @Override
  public <K, V, T> RedisCommand<K, V, T> write(RedisCommand<K, V, T> command) {
    RedisCommand<K, V, T> renamedCommand = rename(command);
    return renamedCommand == null ? command : delegate.write(renamedCommand);
  }

  @Override
  public <K, V> Collection<RedisCommand<K, V, ?>> write(Collection<? extends RedisCommand<K, V, ?>> commands) {
    List<RedisCommand<K, V, ?>> out = new ArrayList<>(commands.size());
    for (RedisCommand<K, V, ?> command : commands) {
      RedisCommand<K, V, ?> renamedCommand = rename(command);
      if (renamedCommand != null) {
        out.add(renamedCommand);
      }
    }
    return delegate.write(out);
  }

  /** The command as it should go out; null when the server disabled it (the command is then failed). */
  private <K, V, T> RedisCommand<K, V, T> rename(RedisCommand<K, V, T> command) {
    String type = new String(command.getType().getBytes(), StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    String name = renamed.nameOf(type);
    if (name.equals(type)) {
      return command;
    }
    if (name.isEmpty()) {
      command.completeExceptionally(new RedisCommandExecutionException("ERR unknown command '" + type
          + "' (disabled on this server, says redis.renamedCommands)"));
      return null;
    }
    return new Renamed<>(command, name.getBytes(StandardCharsets.US_ASCII));
  }

  /** The command with another name on the wire; its type, arguments and output stay Lettuce's. */
  private static final class Renamed<K, V, T> extends CommandWrapper<K, V, T> {
    private final byte[] name;

    Renamed(RedisCommand<K, V, T> command, byte[] name) {
      super(command);
      this.name = name;
    }

    @Override
    public void encode(ByteBuf buf) {
      int args = getArgs() == null ? 0 : getArgs().count();
      buf.writeByte('*').writeBytes(Integer.toString(1 + args).getBytes(StandardCharsets.US_ASCII)).writeBytes(CRLF);
      buf.writeByte('$').writeBytes(Integer.toString(name.length).getBytes(StandardCharsets.US_ASCII))
          .writeBytes(CRLF).writeBytes(name).writeBytes(CRLF);
      if (getArgs() != null) {
        getArgs().encode(buf);
      }
    }
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public CompletableFuture<Void> closeAsync() {
    return delegate.closeAsync();
  }

  @Override
  public void reset() {
    delegate.reset();
  }

  @Override
  public void setConnectionFacade(ConnectionFacade connection) {
    delegate.setConnectionFacade(connection);
  }

  @Override
  public void setAutoFlushCommands(boolean autoFlush) {
    delegate.setAutoFlushCommands(autoFlush);
  }

  @Override
  public void flushCommands() {
    delegate.flushCommands();
  }

  @Override
  public ClientResources getClientResources() {
    return delegate.getClientResources();
  }
}

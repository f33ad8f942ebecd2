package io.github.redismem.redis;

import io.github.redismem.config.RenamedCommands;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.CommandExpiryWriter;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.resource.ClientResources;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Lettuce's client with two changes: its connections send commands under the server's names
 * (redis.renamedCommands), and where {@code nameForTls} is given the address it connects to bears that host name
 * (redis.tls.serverName), the name the TLS engine is made for.
 */
final class ExporterRedisClient extends RedisClient {
  private final RenamedCommands renamed;
  private final String nameForTls;

  ExporterRedisClient(ClientResources resources, RenamedCommands renamed, String nameForTls) {
    super(resources, new RedisURI());
    this.renamed = renamed;
    this.nameForTls = nameForTls;
  }

  @Override
  protected <K2, V2> StatefulRedisConnectionImpl<K2, V2> newStatefulRedisConnection(RedisChannelWriter writer,
      PushHandler pushHandler, RedisCodec<K2, V2> codec, Duration timeout) {
    RedisChannelWriter out = renamed.names().isEmpty() ? writer : new RenamedCommandWriter(writer, renamed);
    return super.newStatefulRedisConnection(out, pushHandler, codec, timeout);
  }

  /**
   * The writer of {@code connection} below Lettuce's timeout per command (its CommandExpiryWriter, there because
   * every connection has {@code timeoutOptions}), renames kept: for commands whose caller bounds its own wait and
   * drops the connection at its deadline, sent by the hundred (the sampler's pipelined rounds). A timeout per
   * command is an entry in a timer wheel that keeps the command, its arguments and its output reachable until the
   * wheel's next tick, whether or not the command is done: at tens of thousands of commands a second they outlived
   * young collections, filled the old generation of the small heap and made every collection a full one (6-7 s of
   * a 30 s pass over 1M keys). The connection's own writer where it is not Lettuce's usual one.
   */
  static RedisChannelWriter untimedWriter(StatefulConnection<?, ?> connection) {
    if (!(connection instanceof RedisChannelHandler<?, ?> handler)) {
      throw new IllegalArgumentException("not a Lettuce connection: " + connection.getClass().getName());
    }
    RedisChannelWriter writer = handler.getChannelWriter();
    if (writer instanceof RenamedCommandWriter renamed) {
      return renamed.delegate() instanceof CommandExpiryWriter timed ? renamed.over(timed.getDelegate()) : renamed;
    }
    return writer instanceof CommandExpiryWriter timed ? timed.getDelegate() : writer;
  }

  @Override
  protected Mono<SocketAddress> getSocketAddress(RedisURI redisUri) {
    if (nameForTls.isEmpty()) {
      return super.getSocketAddress(redisUri);
    }
    // Lettuce leaves the address unresolved for Netty to resolve; it is resolved here instead (at each
    // connection, so a moved DNS name is followed) to give the resolved address the other name
    return super.getSocketAddress(redisUri).map(address -> address instanceof InetSocketAddress inet
        ? named(inet) : address);
  }

  private SocketAddress named(InetSocketAddress inet) {
    try {
      InetAddress ip = inet.isUnresolved() ? InetAddress.getByName(inet.getHostString()) : inet.getAddress();
      return new InetSocketAddress(InetAddress.getByAddress(nameForTls, ip.getAddress()), inet.getPort());
    } catch (UnknownHostException e) {
      throw new RedisConnectionException("cannot resolve " + inet.getHostString() + ": " + e.getMessage(), e);
    }
  }
}

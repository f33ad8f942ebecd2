package io.github.redismem.redis;

import io.github.redismem.config.RenamedCommands;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.codec.RedisCodec;
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

package io.github.redismem.redis;

/**
 * A node's host and port, as INFO replication names it; written {@code host:port} ({@code [v6]:port}). Port 0 is a
 * name only: redis.addr given as sentinels, whichever node they name primary.
 */
record NodeAddress(String host, int port) {
  @Override
  public String toString() {
    return port == 0 ? host : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}

package io.github.redismem.redis;

/** A node's host and port, as INFO replication names it; written {@code host:port} ({@code [v6]:port}). */
record NodeAddress(String host, int port) {
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}

package io.github.redismem.redis;

/**
 * One {@code dbN:} line of INFO keyspace.
 *
 * @param avgTtlMillis the server's running estimate of the remaining TTL of keys with one, in milliseconds;
 *     0 until its expire cycle has sampled some
 * @param subexpiry keys with at least one hash field that has its own TTL (Redis 7.4+); 0 when not printed
 */
public record DbKeyspace(int db, long keys, long expires, long avgTtlMillis, long subexpiry) {
}

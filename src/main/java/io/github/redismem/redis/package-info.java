/**
 * Everything that talks to Redis: the connection, the probe of which commands are allowed, and pure parsers of
 * INFO, keyspace, MEMORY STATS, MEMORY DOCTOR and MEMORY MALLOC-STATS replies. The only package that uses Lettuce.
 */
package io.github.redismem.redis;

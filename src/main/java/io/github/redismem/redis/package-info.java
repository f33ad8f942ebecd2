/**
 * Everything that talks to Redis: the connection, the probe of which commands are allowed, and pure parsers of
 * INFO, keyspace, MEMORY STATS and MEMORY DOCTOR replies. The only package that uses Lettuce.
 */
package io.github.redismem.redis;

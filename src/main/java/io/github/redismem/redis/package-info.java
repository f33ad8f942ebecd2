/**
 * Everything that talks to Redis: the connections, the probe of which commands are allowed, the sampler's reader
 * (SCAN, and the inspection by Lua script or pipelined commands, with the fallback between them), and pure parsers
 * of INFO, keyspace, MEMORY STATS, MEMORY DOCTOR and MEMORY MALLOC-STATS replies. The only package that uses
 * Lettuce.
 */
package io.github.redismem.redis;

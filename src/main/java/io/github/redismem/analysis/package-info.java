/**
 * The background key sampler: walks the keyspace under a throttle, aggregates what it sees (top keys, encodings,
 * size histograms, prefixes, TTLs, findings) in bounded memory, and publishes each completed pass as one
 * immutable result; and judges allocator fragmentation (size ranges, whether active defrag would help). Knows
 * Redis only through the {@code redis} package's interfaces and values.
 */
package io.github.redismem.analysis;

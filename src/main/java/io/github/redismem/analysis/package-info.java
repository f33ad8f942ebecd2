/**
 * The key sampler: a pass walks a node's keyspace under a throttle of its own ({@code SamplePass}), aggregates what
 * it sees (top keys, encodings, size histograms, prefixes, TTLs, findings) in bounded memory, and is published as
 * one immutable result by the sampler that runs it; and judges allocator fragmentation (size ranges, whether active
 * defrag would help). Knows Redis only through the {@code redis} package's interfaces and values.
 */
package io.github.redismem.analysis;

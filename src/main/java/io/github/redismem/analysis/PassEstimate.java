package io.github.redismem.analysis;

import java.time.Instant;

/**
 * What a running pass says about the whole keyspace before it ends (docs/sampling.md, "Early estimates"): SCAN
 * visits hash-table buckets in an order unrelated to key names, so the keys read so far of the database being read
 * are close to a simple random sample of it, and its categories are extrapolated from them with 99% bounds as a
 * sampled pass's are. Databases already read count exactly; databases not reached yet are in none of the figures.
 * Top keys and finding examples are those seen so far, not extrapolated.
 *
 * @param result the extrapolated figures; its {@code sampleRatio} is {@code progress}, its {@code duration} the
 *     time the pass had run
 * @param progress keys scanned over the keys INFO keyspace counted as the pass began (0 to 1)
 * @param at when it was made
 */
public record PassEstimate(PassResult result, double progress, Instant at) {}

/**
 * Reads RDB snapshots ({@code analyze --rdb}): streams a file key by key and turns each key into the same
 * {@link io.github.redismem.redis.KeyFacts} a live pass produces, its size modelled as Redis would hold it once
 * loaded. A layer of its own between {@code redis} and {@code analysis} (it uses {@code redis}'s KeyFacts and
 * {@code config}'s thresholds, and no Redis connection), so that the RDB parsing library stays in this package.
 */
package io.github.redismem.rdb;

package io.github.redismem.analysis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sampler as scrapes see it: counters since start-up, the running pass's progress and measured Redis time
 * share, what it is doing now, and the last completed pass (empty until the first completes).
 *
 * @param errors batch failures by reason (timeout, connection, refused, loading, error)
 * @param state running, idle, waiting_loading, skipped_primary, failing, refused or disabled
 * @param previousPass the pass completed before {@code lastPass}, to say what changed since; empty until two passes
 *     have completed
 * @param scope the prefix settings of the passes; empty when unknown (sampler disabled)
 * @param limits what the server's permissions cost the passes, one sentence each (a database skipped, sizes
 *     estimated); empty when nothing was refused
 * @param capabilities the sampler's commands by their label ({@code memory_usage}, {@code object}, ...): whether
 *     the server allows them, as learned so far; empty when unknown
 * @param keysForbidden keys the last pass could not inspect, outside the user's ACL key pattern (of a sampled pass:
 *     those among the sampled keys); they are in none of the pass's figures
 * @param node the node the running (or last) pass reads ({@code sampling.readFrom}); empty before the first pass,
 *     while no node is sampled (skipped_primary), or when the reader did not name it
 * @param keysNotOwned keys the last pass scanned of Redis Cluster slots its shard did not own as it started (slots
 *     being migrated to it): not inspected, in none of its figures, counted by the shard that owned them; 0
 *     outside a cluster
 * @param batchKeys keys the sampler asks per step (one SCAN) now, as bounded by {@code sampling.maxRedisTimePerCall}
 *     (of a cluster: the largest of its shards'); 0 before the first pass
 * @param longestCall the longest time one inspection call kept Redis busy in the last completed pass (of a cluster:
 *     the longest of its shards'); zero before one
 * @param estimate the running pass's early estimate of the whole keyspace (docs/sampling.md, "Early estimates");
 *     empty between passes, for a sampled pass and until the pass has run a second
 */
public record SamplerStatus(long keysTotal, long passesTotal, long vanishedTotal, Map<String, Long> errors,
    double progress, double redisTimeRatio, double sampleRatio, String state, Optional<PassResult> lastPass,
    Optional<PassResult> previousPass, Optional<PassScope> scope, List<String> limits,
    Map<String, Boolean> capabilities, long keysForbidden, Optional<SampledNode> node, long keysNotOwned,
    int batchKeys, Duration longestCall, Optional<PassEstimate> estimate) {

  public SamplerStatus {
    limits = List.copyOf(limits);
    capabilities = Map.copyOf(capabilities);
  }

  /** A status without an early estimate. */
  public SamplerStatus(long keysTotal, long passesTotal, long vanishedTotal, Map<String, Long> errors,
      double progress, double redisTimeRatio, double sampleRatio, String state, Optional<PassResult> lastPass,
      Optional<PassResult> previousPass, Optional<PassScope> scope, List<String> limits,
      Map<String, Boolean> capabilities, long keysForbidden, Optional<SampledNode> node, long keysNotOwned,
      int batchKeys, Duration longestCall) {
    this(keysTotal, passesTotal, vanishedTotal, errors, progress, redisTimeRatio, sampleRatio, state, lastPass,
        previousPass, scope, limits, capabilities, keysForbidden, node, keysNotOwned, batchKeys, longestCall,
        Optional.empty());
  }

  /** A status that does not know its calls' sizes and times. */
  public SamplerStatus(long keysTotal, long passesTotal, long vanishedTotal, Map<String, Long> errors,
      double progress, double redisTimeRatio, double sampleRatio, String state, Optional<PassResult> lastPass,
      Optional<PassResult> previousPass, Optional<PassScope> scope, List<String> limits,
      Map<String, Boolean> capabilities, long keysForbidden, Optional<SampledNode> node, long keysNotOwned) {
    this(keysTotal, passesTotal, vanishedTotal, errors, progress, redisTimeRatio, sampleRatio, state, lastPass,
        previousPass, scope, limits, capabilities, keysForbidden, node, keysNotOwned, 0, Duration.ZERO);
  }

  /** A status with no keys left to other shards (not a cluster). */
  public SamplerStatus(long keysTotal, long passesTotal, long vanishedTotal, Map<String, Long> errors,
      double progress, double redisTimeRatio, double sampleRatio, String state, Optional<PassResult> lastPass,
      Optional<PassResult> previousPass, Optional<PassScope> scope, List<String> limits,
      Map<String, Boolean> capabilities, long keysForbidden, Optional<SampledNode> node) {
    this(keysTotal, passesTotal, vanishedTotal, errors, progress, redisTimeRatio, sampleRatio, state, lastPass,
        previousPass, scope, limits, capabilities, keysForbidden, node, 0);
  }

  /** A status that does not name the sampled node. */
  public SamplerStatus(long keysTotal, long passesTotal, long vanishedTotal, Map<String, Long> errors,
      double progress, double redisTimeRatio, double sampleRatio, String state, Optional<PassResult> lastPass,
      Optional<PassResult> previousPass, Optional<PassScope> scope, List<String> limits,
      Map<String, Boolean> capabilities, long keysForbidden) {
    this(keysTotal, passesTotal, vanishedTotal, errors, progress, redisTimeRatio, sampleRatio, state, lastPass,
        previousPass, scope, limits, capabilities, keysForbidden, Optional.empty());
  }

  /** A status without forbidden keys. */
  public SamplerStatus(long keysTotal, long passesTotal, long vanishedTotal, Map<String, Long> errors,
      double progress, double redisTimeRatio, double sampleRatio, String state, Optional<PassResult> lastPass,
      Optional<PassResult> previousPass, Optional<PassScope> scope, List<String> limits,
      Map<String, Boolean> capabilities) {
    this(keysTotal, passesTotal, vanishedTotal, errors, progress, redisTimeRatio, sampleRatio, state, lastPass,
        previousPass, scope, limits, capabilities, 0);
  }

  /** A status that knows nothing of refused commands. */
  public SamplerStatus(long keysTotal, long passesTotal, long vanishedTotal, Map<String, Long> errors,
      double progress, double redisTimeRatio, double sampleRatio, String state, Optional<PassResult> lastPass,
      Optional<PassResult> previousPass, Optional<PassScope> scope) {
    this(keysTotal, passesTotal, vanishedTotal, errors, progress, redisTimeRatio, sampleRatio, state, lastPass,
        previousPass, scope, List.of(), Map.of());
  }

  /** A status without a previous pass or scope. */
  public SamplerStatus(long keysTotal, long passesTotal, long vanishedTotal, Map<String, Long> errors,
      double progress, double redisTimeRatio, double sampleRatio, String state, Optional<PassResult> lastPass) {
    this(keysTotal, passesTotal, vanishedTotal, errors, progress, redisTimeRatio, sampleRatio, state, lastPass,
        Optional.empty(), Optional.empty());
  }
}

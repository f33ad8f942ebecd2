package io.github.redismem.report;

import io.github.redismem.analysis.PassScope;
import io.github.redismem.analysis.SampledNode;
import io.github.redismem.analysis.TtlBucket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where the memory of one Redis goes, as the report page, {@code /report.json} and the {@code analyze} command show
 * it. Immutable; built by {@link ReportBuilder}. docs/report.md documents each field under its JSON name.
 *
 * <p>Counts and bytes of the analysis are rounded. When {@code sampleRatio} is below 1 they are estimates, each
 * with its 99% bounds ({@code keysLow}, {@code keysHigh}, {@code bytesLow}, {@code bytesHigh}) and
 * {@link Estimation} saying how they were made; for an exact pass the bounds equal the value. Key names are display
 * text ({@link io.github.redismem.analysis.KeyText}): valid UTF-8 as it is, other bytes as {@code \xNN}, long names
 * cut. They are NOT escaped for any output format: every
 * renderer escapes at render time.
 *
 * <p>Longer than our other classes on purpose: it is the whole model, one record per section, kept in one file so
 * that its shape reads in one place beside docs/report.md; it holds no logic beyond small derived views.
 *
 * @param exporterVersion the version of this exporter
 * @param target the Redis watched, without its password
 * @param partial true when the analysis was cut short (the analyze command interrupted): it covers only the keys
 *     seen so far
 * @param analysis the last completed pass; empty until the first pass completes or when the sampler is off
 * @param allocator allocator-level fragmentation from the last MEMORY MALLOC-STATS read; empty when
 *     {@code allocator.interval} is 0
 * @param scope the prefix settings the analysis grouped keys by, so that a later report can tell whether its
 *     prefixes compare with this one's; empty when the sampler is off
 * @param growth what changed since the previous pass, or since a baseline report ({@code analyze --baseline});
 *     empty when there is nothing to compare with
 * @param nodes the nodes of a Redis Cluster (redis.cluster), ordered by address: then {@code instance} sums the
 *     primaries, and the analysis merges the shards' passes; empty for one Redis
 * @param instanceFindings the instance findings that fired, in the order of their names; empty when Redis did not
 *     answer
 * @param snapshot the RDB file the analysis was read from: by {@code analyze --rdb}, when no Redis was asked anything
 *     and {@code instance} is empty, or by the daemon's {@code sampling.source: rdb}, beside the live instance;
 *     empty for an analysis of a live SCAN
 */
public record Report(String exporterVersion, String target, Instant generatedAt, boolean partial,
    Instance instance, Sampler sampler, Optional<Analysis> analysis, Optional<Allocator> allocator,
    Optional<PassScope> scope, Optional<Growth> growth, List<InstanceFindingRow> instanceFindings,
    List<NodeRow> nodes, Optional<Snapshot> snapshot, Optional<EarlyAnalysis> estimate) {
  public Report {
    instanceFindings = List.copyOf(instanceFindings);
    nodes = List.copyOf(nodes);
  }

  /** A report without an early estimate (no pass running, or a sampled one). */
  public Report(String exporterVersion, String target, Instant generatedAt, boolean partial,
      Instance instance, Sampler sampler, Optional<Analysis> analysis, Optional<Allocator> allocator,
      Optional<PassScope> scope, Optional<Growth> growth, List<InstanceFindingRow> instanceFindings,
      List<NodeRow> nodes, Optional<Snapshot> snapshot) {
    this(exporterVersion, target, generatedAt, partial, instance, sampler, analysis, allocator, scope, growth,
        instanceFindings, nodes, snapshot, Optional.empty());
  }

  /**
   * The running pass's early estimate (docs/sampling.md, "Early estimates"): its analysis extrapolated from the keys
   * read so far, with 99% bounds; top keys and examples are those seen so far.
   *
   * @param progress the share of the keyspace the pass had walked when it was made
   * @param madeAt when it was made
   */
  public record EarlyAnalysis(double progress, Instant madeAt, Analysis analysis) {}

  /** A report of a live Redis, or of a cluster's nodes. */
  public Report(String exporterVersion, String target, Instant generatedAt, boolean partial,
      Instance instance, Sampler sampler, Optional<Analysis> analysis, Optional<Allocator> allocator,
      Optional<PassScope> scope, Optional<Growth> growth, List<InstanceFindingRow> instanceFindings,
      List<NodeRow> nodes) {
    this(exporterVersion, target, generatedAt, partial, instance, sampler, analysis, allocator, scope, growth,
        instanceFindings, nodes, Optional.empty());
  }

  /** A report of one Redis (no cluster nodes). */
  public Report(String exporterVersion, String target, Instant generatedAt, boolean partial,
      Instance instance, Sampler sampler, Optional<Analysis> analysis, Optional<Allocator> allocator,
      Optional<PassScope> scope, Optional<Growth> growth, List<InstanceFindingRow> instanceFindings) {
    this(exporterVersion, target, generatedAt, partial, instance, sampler, analysis, allocator, scope, growth,
        instanceFindings, List.of());
  }

  /** A report without the allocator section, scope, growth or instance findings. */
  public Report(String exporterVersion, String target, Instant generatedAt, boolean partial, Instance instance,
      Sampler sampler, Optional<Analysis> analysis) {
    this(exporterVersion, target, generatedAt, partial, instance, sampler, analysis, Optional.empty(),
        Optional.empty(), Optional.empty(), List.of());
  }

  /** This report with {@code growth} in place of its own. */
  public Report withGrowth(Optional<Growth> growth) {
    return new Report(exporterVersion, target, generatedAt, partial, instance, sampler, analysis, allocator, scope,
        growth, instanceFindings, nodes, snapshot, estimate);
  }

  /** This report with {@code snapshot} as the source of its analysis (the daemon's {@code sampling.source: rdb}). */
  public Report withSnapshot(Optional<Snapshot> snapshot) {
    return new Report(exporterVersion, target, generatedAt, partial, instance, sampler, analysis, allocator, scope,
        growth, instanceFindings, nodes, snapshot, estimate);
  }

  /**
   * The RDB file a report was read from.
   *
   * @param file the file's name as given on the command line
   * @param writtenAt when Redis wrote it (its {@code ctime}, else the file's modification time)
   * @param redisVersion the Redis that wrote it ({@code redis-ver}); the sizes are modelled for it
   * @param complete whether the file was read to its end
   */
  public record Snapshot(String file, long fileBytes, Instant writtenAt, String redisVersion, long expiredKeys,
      boolean complete) {
    /** Seconds from when the file was written to {@code now}, never negative. */
    public double ageSeconds(Instant now) {
      return Math.max(0, java.time.Duration.between(writtenAt, now).toMillis() / 1000.0);
    }
  }

  /** This report as one side of a {@link Growth} comparison; empty without an analysis. */
  public Optional<Growth.Side> asGrowthSide() {
    return analysis.map(a -> new Growth.Side(target, scope, partial, a));
  }

  /**
   * One node of a Redis Cluster: what it answered at the time of the report, and its part in the cluster-wide
   * analysis (coverage).
   *
   * @param node {@code host:port} as the cluster announces it
   * @param role {@code primary} or {@code replica}
   * @param shard the shard's slot ranges ({@code 0-5460,10923})
   * @param up whether it answered; when false the numbers are 0
   * @param samples whether it samples its shard now
   * @param passKeys keys inspected by its pass that stands for its shard in the analysis; 0 when none does
   * @param passFinishedAt when that pass completed; empty when none
   */
  public record NodeRow(String node, String role, String shard, boolean up, long usedBytes, long maxBytes,
      long keys, boolean samples, long passKeys, Optional<Instant> passFinishedAt) {}

  /**
   * The instance's memory at the time of the report, from INFO and MEMORY STATS. When {@code up} is false the
   * numbers are 0 and the strings empty: Redis did not answer.
   *
   * @param server {@code redis} or {@code valkey}
   * @param maxBytes {@code maxmemory}; 0 means no limit
   * @param fragmentationRatio {@code mem_fragmentation_ratio} (RSS / used); 0 when not reported
   * @param keys keys in all databases (INFO keyspace)
   * @param expiringKeys keys with a TTL in all databases
   * @param evictedKeys keys evicted since the server started ({@code evicted_keys})
   * @param doctorIssues the MEMORY DOCTOR categories that apply ({@code peak_memory}...), computed from the numbers
   *     with the server's own tests so that they are known where MEMORY DOCTOR is blocked
   */
  public record Instance(boolean up, String server, String version, String role, long usedBytes, long maxBytes,
      long rssBytes, long peakBytes, double fragmentationRatio, String maxmemoryPolicy, long keys,
      long expiringKeys, long evictedKeys, List<String> doctorIssues) {
    public Instance {
      doctorIssues = List.copyOf(doctorIssues);
    }
  }

  /**
   * What the key sampler is doing.
   *
   * @param state running, idle, waiting_loading, skipped_primary, failing, refused or disabled
   * @param progress the running pass's share of the keyspace done, 0..1
   * @param redisTimeRatio the measured share of Redis's time the sampler takes, 0..1
   * @param lastPassAgeSeconds seconds since the last pass completed; empty before the first
   * @param lastPassKeysPerSecond keys inspected per second in the last pass; empty before the first
   * @param errors failed batches since start-up by reason (timeout, connection, refused, loading, error)
   * @param limits what refused commands cost the results, one sentence each (a database skipped, sizes
   *     estimated); empty when nothing was refused
   * @param node the node the running or last pass reads (sampling.readFrom); empty when none is
   */
  public record Sampler(String state, double progress, double redisTimeRatio, double sampleRatio, long keysTotal,
      long passesTotal, OptionalDouble lastPassAgeSeconds, OptionalDouble lastPassKeysPerSecond,
      Map<String, Long> errors, List<String> limits, Optional<SampledNode> node) {
    public Sampler {
      errors = Map.copyOf(errors);
      limits = List.copyOf(limits);
    }

    /** {@code host:port (role)} of the sampled node, or empty. */
    public String nodeText() {
      return node.map(n -> n.node() + " (" + n.role() + ")").orElse("");
    }
  }

  /**
   * The results of one pass over the keyspace. Every list is sorted biggest first (bytes), except {@code ttls},
   * which is in database then bucket order.
   *
   * @param keys keys seen; estimated when sampleRatio is below 1
   * @param bytes their memory ({@code MEMORY USAGE}), estimated when sampled: the encodings' bytes plus
   *     {@code estimation.unattributedBytes()}, so the same as the encodings' sum for an exact pass
   * @param topKeys the biggest keys; of a sampled pass, the biggest of the sampled keys only
   * @param estimation how the figures were estimated
   * @param whatIfs per encoding threshold that keys are over, what raising it would free (docs/report.md);
   *     biggest saving first
   */
  public record Analysis(Instant finishedAt, double durationSeconds, long keysInspected, long keysVanished,
      double sampleRatio, long keys, long bytes, List<EncodingRow> encodings, List<KeyRow> topKeys,
      List<PrefixRow> prefixes, List<TtlRow> ttls, List<FindingRow> findings, Estimation estimation,
      List<WhatIfRow> whatIfs) {
    public Analysis {
      encodings = List.copyOf(encodings);
      topKeys = List.copyOf(topKeys);
      prefixes = List.copyOf(prefixes);
      ttls = List.copyOf(ttls);
      findings = List.copyOf(findings);
      whatIfs = List.copyOf(whatIfs);
    }

    /** An analysis without threshold what-ifs. */
    public Analysis(Instant finishedAt, double durationSeconds, long keysInspected, long keysVanished,
        double sampleRatio, long keys, long bytes, List<EncodingRow> encodings, List<KeyRow> topKeys,
        List<PrefixRow> prefixes, List<TtlRow> ttls, List<FindingRow> findings, Estimation estimation) {
      this(finishedAt, durationSeconds, keysInspected, keysVanished, sampleRatio, keys, bytes, encodings, topKeys,
          prefixes, ttls, findings, estimation, List.of());
    }
  }

  /**
   * How the figures of a pass were made (docs/sampling.md, "Estimates and their error"). For an exact pass
   * {@code sampled} and {@code topKeysFromSample} are false, {@code calibrated} too, and the byte counts are 0.
   *
   * @param sampled true when only a share of the keys was inspected: counts and bytes are estimates with 99% bounds
   * @param sampleRatio the share of keys inspected, as {@link Analysis#sampleRatio()}
   * @param bigKeyBytes keys of at least this many bytes were counted once at their size, not multiplied by
   *     1 / sampleRatio; 0 for an exact pass
   * @param calibrated whether the estimates were compared with Redis's {@code used_memory_dataset} (not for a pass
   *     cut short)
   * @param datasetBytes {@code used_memory_dataset} at the end of the pass; 0 when not calibrated
   * @param allocatedBytes bytes that the big keys seen stand for (their unseen siblings), added to the categories of
   *     those keys
   * @param unattributedBytes dataset bytes the sample does not explain and no category was given: keys too big and
   *     too rare to be sampled, memory no key reports (modules), writes during the pass
   * @param topKeysFromSample true when the top keys are the biggest of the sampled keys: other keys may be bigger
   */
  public record Estimation(boolean sampled, double sampleRatio, long bigKeyBytes, boolean calibrated,
      long datasetBytes, long allocatedBytes, long unattributedBytes, boolean topKeysFromSample) {}

  /**
   * Keys and bytes of one data type in one encoding in one database.
   *
   * @param keysLow the 99% bounds of {@code keys}, equal to it for an exact pass (also {@code keysHigh})
   * @param bytesLow the 99% bounds of {@code bytes}, equal to it for an exact pass (also {@code bytesHigh})
   */
  public record EncodingRow(int db, String dataType, String encoding, long keys, long bytes, long keysLow,
      long keysHigh, long bytesLow, long bytesHigh) {}

  /**
   * One key.
   *
   * @param key display text of the key's bytes, unescaped
   * @param elements fields, members, elements or entries; a string's length in bytes
   * @param ttlSeconds remaining time to live; -1 for a key without one
   * @param node the cluster node holding the key, {@code host:port} as the cluster announces it; empty in the
   *     report of a single node, whose renderings then show no node
   */
  public record KeyRow(int db, String key, String dataType, String encoding, long bytes, long elements,
      long ttlSeconds, String node) {
    public KeyRow {
      java.util.Objects.requireNonNull(node, "node");
    }

    /** A key of a single node's report: no node. */
    public KeyRow(int db, String key, String dataType, String encoding, long bytes, long elements,
        long ttlSeconds) {
      this(db, key, dataType, encoding, bytes, elements, ttlSeconds, "");
    }

    /** Whether any of {@code keys} names its node: renderings show a node column only then. */
    public static boolean anyNode(List<KeyRow> keys) {
      return keys.stream().anyMatch(k -> !k.node().isEmpty());
    }
  }

  /**
   * One key prefix of a database; {@code other} sums the prefixes beyond the configured cap. Its keys are counted
   * from the names SCAN returns, so they are exact in a sampled pass too; its bytes and keys without TTL are not.
   *
   * @param bytesLow the 99% bounds of {@code bytes}, equal to it for an exact pass (also {@code bytesHigh})
   */
  public record PrefixRow(int db, String prefix, long keys, long bytes, long keysWithoutTtl, long bytesLow,
      long bytesHigh) {}

  /**
   * Keys and bytes of one database in one remaining-TTL bucket.
   *
   * @param bucket none, 1h, 4h, 12h, 1d, 7d, 30d or inf: each holds TTLs up to its bound, above the previous one
   * @param keysLow the 99% bounds of {@code keys}, equal to it for an exact pass (also {@code keysHigh})
   * @param bytesLow the 99% bounds of {@code bytes}, equal to it for an exact pass (also {@code bytesHigh})
   */
  public record TtlRow(int db, String bucket, long keys, long bytes, long keysLow, long keysHigh, long bytesLow,
      long bytesHigh) {
    /** The bucket of the keys without a TTL. */
    public static final String NONE = TtlBucket.NONE.label();
    /** Every bucket in order, {@code none} first, then by bound up to {@code inf}: renderers may show empty ones. */
    public static final List<String> BUCKETS = java.util.Arrays.stream(TtlBucket.values()).map(TtlBucket::label)
        .toList();
  }

  /**
   * One memory anti-pattern in one database.
   *
   * @param finding its name, as the {@code finding} label of the metrics (docs/sampling.md)
   * @param title a short human title
   * @param reclaimableBytes the estimated memory fixing it would free; 0 for {@code no_ttl} and {@code big_key}
   * @param savingNote shown instead of {@code reclaimableBytes} when that is no estimate of a saving
   *     ({@code no_ttl}: "memory without TTL: only eviction or a DEL frees it"); empty otherwise
   * @param examples up to 5 of its biggest keys (of a sampled pass, of its sampled keys)
   * @param keysLow the 99% bounds of {@code keys}, equal to it for an exact pass (also {@code keysHigh})
   * @param bytesLow the 99% bounds of {@code bytes}, equal to it for an exact pass (also {@code bytesHigh})
   */
  public record FindingRow(int db, String finding, String title, long keys, long bytes, long reclaimableBytes,
      Optional<String> savingNote, List<KeyRow> examples, Fix fix, long keysLow, long keysHigh, long bytesLow,
      long bytesHigh) {
    public FindingRow {
      examples = List.copyOf(examples);
    }
  }

  /**
   * What to do about a finding.
   *
   * @param kind {@code config} (a setting to change, then a command), {@code command} (commands to run) or
   *     {@code schema} (a change to how the application stores its data)
   * @param summary why the keys cost more than they need to, and what the steps achieve
   * @param steps the config lines to set and commands to run, in order; {@code <key>} stands for each key
   */
  public record Fix(String kind, String summary, List<String> steps) {
    public Fix {
      steps = List.copyOf(steps);
    }
  }

  /**
   * Allocator-level fragmentation, from jemalloc's own statistics (MEMORY MALLOC-STATS), read on its own schedule.
   * When {@code available} is false only {@code unavailableReason} and {@code ageSeconds} mean anything.
   *
   * @param unavailableReason why there are no statistics (libc malloc, refused, timed out, not read yet); empty
   *     when available
   * @param ageSeconds seconds since the read; empty before the first
   * @param version jemalloc's version as it prints it
   * @param fragmentationRatio active / allocated, the allocator fragmentation Redis's active defrag acts on
   * @param binWastedBytes free space inside partly used slabs of small allocations, all size classes
   * @param reclaimableBytes what active defrag could give back, estimated: each class's slack less one slab
   * @param verdict {@code would_help}, {@code below_thresholds}, {@code outside_bins} or {@code unavailable}
   * @param explanation the verdict in a sentence or two, with its numbers
   * @param sizeClasses the size classes wasting most, most first, at most 8
   */
  public record Allocator(boolean available, String unavailableReason, OptionalDouble ageSeconds, String version,
      long allocatedBytes, long activeBytes, long metadataBytes, long residentBytes, long mappedBytes,
      long retainedBytes, double fragmentationRatio, long binWastedBytes, long reclaimableBytes, String verdict,
      String explanation, List<SizeClassRow> sizeClasses) {
    public Allocator {
      sizeClasses = List.copyOf(sizeClasses);
    }
  }

  /**
   * One jemalloc small size class (bin).
   *
   * @param size bytes per region
   * @param range the {@code size_class} label of the metrics this class is summed under
   * @param regions regions in use, thread caches included
   * @param activeBytes bytes of its slabs in use
   * @param wastedBytes free space in those slabs
   * @param utilisation allocated / active, 0..1
   */
  public record SizeClassRow(long size, String range, long regions, long allocatedBytes, long activeBytes,
      long wastedBytes, double utilisation) {}

  /**
   * One problem of the instance as a whole (docs/report.md, "Instance findings").
   *
   * @param finding its name, as the {@code finding} label of {@code redismem_instance_finding}
   * @param bytes the memory it is about, as {@code redismem_instance_finding_bytes}
   * @param evidence the numbers the rule read, by INFO / MEMORY STATS / CONFIG name where there is one
   * @param fix what to do, with config values computed for this instance
   */
  public record InstanceFindingRow(String finding, String title, long bytes, Map<String, Double> evidence,
      Fix fix) {
    public InstanceFindingRow {
      evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    }
  }

  /**
   * What raising one encoding threshold would do, over all databases (the thresholds are the server's).
   *
   * @param setting the CONFIG parameter as the server version names it
   * @param current its value during the pass
   * @param keysOver keys in {@code fromEncoding} over {@code current}; for a {@code -value} limit, the keys it
   *     holds back (few enough elements, yet in the big encoding)
   * @param keysBeyond of those, keys no candidate converts (over 8 x current, or elements too long on average)
   * @param candidates values to try, smallest first; empty for a {@code -value} limit (the longest element of a key
   *     is not measured)
   * @param reclaimableAboveLongest for a {@code -value} limit, what its keys would free at a value above their
   *     longest element; 0 otherwise
   * @param command the CONFIG SET of the candidate covering p99 (else the largest), then the re-encoding; for a
   *     {@code -value} limit, how to find the longest element first
   */
  public record WhatIfRow(String dataType, String setting, long current, String fromEncoding, String toEncoding,
      long keysOver, long bytesOver, long keysBeyond, List<WhatIfCandidate> candidates, long reclaimableAboveLongest,
      List<String> command) {
    public WhatIfRow {
      candidates = List.copyOf(candidates);
      command = List.copyOf(command);
    }

    /** The biggest saving any of its values offers. */
    public long bestReclaimable() {
      return Math.max(reclaimableAboveLongest,
          candidates.stream().mapToLong(WhatIfCandidate::reclaimableBytes).max().orElse(0));
    }
  }

  /**
   * One value of a threshold to try.
   *
   * @param basis why this value: 2x, 4x (of the current one), p90, p99 (of the keys over it), comma-joined when
   *     they coincide
   * @param keys keys that would convert once re-encoded
   * @param reclaimableBytes what they would free
   * @param maxCompactBytes about the size of a compact key holding {@code value} elements: each lookup scans it and
   *     each insert rewrites it (O(N))
   */
  public record WhatIfCandidate(long value, String basis, long keys, long reclaimableBytes, long maxCompactBytes) {}
}

package io.github.redismem.report;

import io.github.redismem.analysis.Bounds;
import io.github.redismem.analysis.InstanceFindingDetector;
import io.github.redismem.analysis.InstanceFindingResult;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SamplerStatus;
import io.github.redismem.analysis.TopKey;
import io.github.redismem.redis.AllocatorStats;
import io.github.redismem.config.InstanceFindingSettings;
import io.github.redismem.redis.DbKeyspace;
import io.github.redismem.redis.DoctorIssue;
import io.github.redismem.redis.DoctorRules;
import io.github.redismem.redis.InfoReply;
import io.github.redismem.redis.KeyspaceParser;
import io.github.redismem.redis.MemoryState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Builds a {@link Report} from what the exporter already holds: the latest {@link MemoryState} and the sampler's
 * {@link SamplerStatus}. Pure: the same inputs give the same report, and nothing here talks to Redis.
 */
public final class ReportBuilder {
  /** The status to pass when the sampler is switched off ({@code sampling.enabled=false}). */
  public static final SamplerStatus SAMPLER_DISABLED =
      new SamplerStatus(0, 0, 0, Map.of(), 0, 0, 1, "disabled", Optional.empty());

  private final String exporterVersion;
  private final String target;
  private final InstanceFindingSettings instanceFindings;

  /**
   * @param exporterVersion this exporter's version
   * @param target the Redis watched, already without its password ({@code MemoryStateReader.target()})
   */
  public ReportBuilder(String exporterVersion, String target) {
    this(exporterVersion, target, InstanceFindingSettings.DEFAULTS);
  }

  /** As {@link #ReportBuilder(String, String)}, with the thresholds of the instance findings. */
  public ReportBuilder(String exporterVersion, String target, InstanceFindingSettings instanceFindings) {
    this.exporterVersion = exporterVersion;
    this.target = target;
    this.instanceFindings = instanceFindings;
  }

  /**
   * @param generatedAt the time of the report, from which the last pass's age is counted
   * @param partial whether the pass in {@code sampler.lastPass()} was cut short
   */
  public Report build(MemoryState state, SamplerStatus sampler, Instant generatedAt, boolean partial) {
    return build(state, sampler, generatedAt, partial, Optional.empty());
  }

  /**
   * As {@link #build(MemoryState, SamplerStatus, Instant, boolean)}, with the allocator section.
   *
   * @param allocator the last MEMORY MALLOC-STATS read; empty when {@code allocator.interval} is 0
   */
  public Report build(MemoryState state, SamplerStatus sampler, Instant generatedAt, boolean partial,
      Optional<AllocatorStats> allocator) {
    InfoReply info = state.info().orElse(InfoReply.parse(""));
    int major = majorVersion(info);
    Optional<Report.Analysis> analysis = sampler.lastPass().map(p -> analysis(p, major));
    Optional<Report.EarlyAnalysis> estimate = estimate(sampler, major);
    return new Report(exporterVersion, target, generatedAt, partial, instance(state, info),
        sampler(sampler, generatedAt), analysis,
        allocator.map(a -> AllocatorSection.of(a, state.config(), generatedAt)), sampler.scope(),
        sincePrevious(sampler, analysis, major), instanceFindings(state, sampler), List.of(), Optional.empty(),
        estimate);
  }

  /** The running pass's early estimate as the report shows it, beside the last complete pass. */
  static Optional<Report.EarlyAnalysis> estimate(SamplerStatus sampler, int major) {
    return sampler.estimate().map(e -> new Report.EarlyAnalysis(e.progress(), e.at(), analysis(e.result(), major)));
  }

  /**
   * The report of an RDB snapshot ({@code analyze --rdb}): the analysis of its keys, no instance figures (no Redis
   * was asked: no INFO, no instance findings), and the file as its source and target.
   *
   * @param partial whether the file was not read to its end
   */
  public Report snapshot(Report.Snapshot snapshot, SamplerStatus sampler, Instant generatedAt, boolean partial) {
    int major = majorVersion(InfoReply.parse("# Server\r\nredis_version:" + snapshot.redisVersion() + "\r\n"));
    return new Report(exporterVersion, target, generatedAt, partial,
        instance(MemoryState.down(Duration.ZERO, List.of(), Map.of()), InfoReply.parse("")),
        sampler(sampler, generatedAt), sampler.lastPass().map(p -> analysis(p, major)), Optional.empty(),
        sampler.scope(), Optional.empty(), List.of(), List.of(), Optional.of(snapshot));
  }

  /** The growth since the pass before the last, when the sampler kept one; both passes share the settings. */
  private Optional<Growth> sincePrevious(SamplerStatus sampler, Optional<Report.Analysis> last, int major) {
    if (last.isEmpty() || sampler.previousPass().isEmpty()) {
      return Optional.empty();
    }
    Report.Analysis previous = analysis(sampler.previousPass().get(), major);
    return Optional.of(Growth.compare(Growth.PREVIOUS_PASS,
        new Growth.Side(target, sampler.scope(), false, previous),
        new Growth.Side(target, sampler.scope(), false, last.get())));
  }

  private List<Report.InstanceFindingRow> instanceFindings(MemoryState state, SamplerStatus sampler) {
    return InstanceFindingDetector.fired(InstanceFindingDetector.evaluate(state, instanceFindings,
        sampler.lastPass())).stream().map(ReportBuilder::instanceFinding).toList();
  }

  static Report.InstanceFindingRow instanceFinding(InstanceFindingResult r) {
    String kind = switch (r.finding()) {
      case OVERHEAD_DOMINATES, SCRIPT_CACHE_LARGE -> "schema";
      case NO_TTL_CACHE -> "command";
      default -> "config";
    };
    return new Report.InstanceFindingRow(r.finding().label(), r.finding().title(), Math.round(Math.max(0, r.bytes())),
        r.evidence(), new Report.Fix(kind, r.summary(), r.steps()));
  }

  static Report.Instance instance(MemoryState state, InfoReply info) {
    if (!state.up()) {
      return new Report.Instance(false, "", "", "", 0, 0, 0, 0, 0, "", 0, 0, 0, List.of());
    }
    boolean valkey = info.get("server", "server_name").map("valkey"::equalsIgnoreCase).orElse(false)
        || info.get("server", "valkey_version").isPresent();
    long keys = 0;
    long expiring = 0;
    for (DbKeyspace db : KeyspaceParser.parse(info.section("keyspace"))) {
      keys += db.keys();
      expiring += db.expires();
    }
    List<String> doctor = DoctorRules.evaluate(info, state.memoryStats().orElse(null)).issues().stream()
        .map(DoctorIssue::label).toList();
    return new Report.Instance(true, valkey ? "valkey" : "redis",
        info.get("server", valkey ? "valkey_version" : "redis_version").orElse(""),
        info.get("replication", "role").orElse(""),
        number(info, "memory", "used_memory"), number(info, "memory", "maxmemory"),
        number(info, "memory", "used_memory_rss"), number(info, "memory", "used_memory_peak"),
        info.number("memory", "mem_fragmentation_ratio").orElse(0),
        info.get("memory", "maxmemory_policy").orElse(""), keys, expiring, number(info, "stats", "evicted_keys"),
        doctor);
  }

  static Report.Sampler sampler(SamplerStatus s, Instant now) {
    OptionalDouble age = OptionalDouble.empty();
    OptionalDouble rate = OptionalDouble.empty();
    if (s.lastPass().isPresent()) {
      PassResult pass = s.lastPass().get();
      age = OptionalDouble.of(Math.max(0, Duration.between(pass.finishedAt(), now).toMillis() / 1000.0));
      double seconds = pass.duration().toNanos() / 1e9;
      rate = OptionalDouble.of(seconds > 0 ? pass.keysInspected() / seconds : 0);
    }
    return new Report.Sampler(s.state(), s.progress(), s.redisTimeRatio(), s.sampleRatio(), s.keysTotal(),
        s.passesTotal(), age, rate, s.errors(), s.limits(), s.node());
  }

  static Report.Analysis analysis(PassResult pass, int major) {
    List<Report.EncodingRow> encodings = new ArrayList<>();
    double keys = 0;
    double bytes = 0;
    for (PassResult.EncodingGroup g : pass.encodings()) {
      encodings.add(new Report.EncodingRow(g.db(), g.dataType().label(), g.encoding(), Math.round(g.keys()),
          Math.round(g.bytes()), low(g.keysBounds()), high(g.keysBounds()), low(g.bytesBounds()),
          high(g.bytesBounds())));
      keys += g.keys();
      bytes += g.bytes();
    }
    encodings.sort(Comparator.comparingLong(Report.EncodingRow::bytes).reversed());
    List<Report.PrefixRow> prefixes = new ArrayList<>(pass.prefixes().stream()
        .map(p -> new Report.PrefixRow(p.db(), p.prefix(), Math.round(p.keys()), Math.round(p.bytes()),
            Math.round(p.keysWithoutTtl()), low(p.bytesBounds()), high(p.bytesBounds())))
        .toList());
    prefixes.sort(Comparator.comparingLong(Report.PrefixRow::bytes).reversed());
    List<Report.TtlRow> ttls = pass.ttls().stream()
        .sorted(Comparator.comparingInt(PassResult.TtlGroup::db).thenComparing(PassResult.TtlGroup::bucket))
        .map(t -> new Report.TtlRow(t.db(), t.bucket().label(), Math.round(t.keys()), Math.round(t.bytes()),
            low(t.keysBounds()), high(t.keysBounds()), low(t.bytesBounds()), high(t.bytesBounds())))
        .toList();
    List<Report.FindingRow> findings = new ArrayList<>();
    for (PassResult.FindingGroup f : pass.findings()) {
      List<Report.KeyRow> examples = f.examples().stream().map(ReportBuilder::key).toList();
      List<String> noTtl = prefixes.stream().filter(p -> p.db() == f.db() && p.keysWithoutTtl() > 0)
          .sorted(Comparator.comparingLong(Report.PrefixRow::keysWithoutTtl).reversed())
          .limit(3).map(Report.PrefixRow::prefix).toList();
      findings.add(new Report.FindingRow(f.db(), f.finding().label(), FixAdvice.title(f.finding()),
          Math.round(f.keys()), Math.round(f.bytes()), Math.round(f.reclaimableBytes()),
          FixAdvice.savingNote(f.finding()), examples,
          FixAdvice.of(f.finding(), pass.thresholds(), major, examples, noTtl,
              f.bytes() > 0 ? f.reclaimableBytes() / f.bytes() : 0), low(f.keysBounds()),
          high(f.keysBounds()), low(f.bytesBounds()), high(f.bytesBounds())));
    }
    findings.sort(Comparator.comparingLong(Report.FindingRow::reclaimableBytes)
        .thenComparingLong(Report.FindingRow::bytes).reversed());
    Report.Estimation estimation = estimation(pass);
    return new Report.Analysis(pass.finishedAt(), pass.duration().toNanos() / 1e9, pass.keysInspected(),
        pass.keysVanished(), pass.sampleRatio(), Math.round(keys),
        Math.round(bytes + pass.estimation().unattributedBytes()), encodings,
        pass.topKeys().stream().map(ReportBuilder::key).toList(), prefixes, ttls, findings, estimation,
        WhatIfAdvice.rows(pass.whatIfs()));
  }

  private static Report.Estimation estimation(PassResult pass) {
    PassResult.Estimation e = pass.estimation();
    return new Report.Estimation(e.sampled(), pass.sampleRatio(), e.bigKeyBytes(), e.calibrated(),
        Math.round(e.datasetBytes()), Math.round(e.allocatedBytes()), Math.round(e.unattributedBytes()),
        e.sampled());
  }

  /** Rounded like the values, so that {@code low <= value <= high} holds after rounding too. */
  private static long low(Bounds b) {
    return Math.round(b.low());
  }

  private static long high(Bounds b) {
    return Math.round(b.high());
  }

  private static Report.KeyRow key(TopKey k) {
    return new Report.KeyRow(k.db(), k.key(), k.dataType().label(), k.encoding(), k.bytes(), k.elements(),
        k.ttlMillis() < 0 ? -1 : k.ttlMillis() / 1000, k.node());
  }

  private static long number(InfoReply info, String section, String field) {
    return (long) info.number(section, field).orElse(0);
  }

  static int majorVersion(InfoReply info) {
    String version = info.get("server", "valkey_version").or(() -> info.get("server", "redis_version")).orElse("");
    int dot = version.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

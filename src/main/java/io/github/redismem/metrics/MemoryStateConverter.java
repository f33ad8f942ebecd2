package io.github.redismem.metrics;

import static io.github.redismem.metrics.MetricCatalog.*;

import io.github.redismem.redis.DbKeyspace;
import io.github.redismem.redis.DoctorIssue;
import io.github.redismem.redis.DoctorRules;
import io.github.redismem.redis.DoctorText;
import io.github.redismem.redis.InfoReply;
import io.github.redismem.redis.KeyspaceParser;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStats;
import io.github.redismem.redis.RedisCommand;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** Turns one {@link MemoryState} into metric snapshots. Pure: the same input always gives the same output. */
public final class MemoryStateConverter {
  private static final Map<String, InfoField> MEMORY_FIELDS = InfoCatalog.FIELDS.stream()
      .filter(f -> f.section().equals(InfoCatalog.M))
      .collect(Collectors.toUnmodifiableMap(InfoField::field, f -> f));

  /**
   * What a field name must look like to become a {@code field} label of the catch-all families: Redis's own names
   * ({@code used_memory_vm_eval}, {@code keys.bytes-per-key}) pass; a broken or hostile reply's text does not.
   */
  static final java.util.regex.Pattern UNCURATED_FIELD = java.util.regex.Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");
  /** Series per catch-all family at most: Redis prints a few dozen; a reply of a million fields must not reach Prometheus. */
  static final int MAX_UNCURATED_FIELDS = 200;

  private final BuildInfo build;

  public MemoryStateConverter(BuildInfo build) {
    this.build = build;
  }

  public MetricSnapshots convert(MemoryState state, Map<RedisCommand, Long> errorCounts) {
    SnapshotSink sink = new SnapshotSink();
    sink.add(UP, state.up() ? 1 : 0);
    sink.add(SCRAPE_DURATION, state.duration().toNanos() / 1e9);
    sink.add(BUILD_INFO, 1, build.version(), build.revision());
    for (RedisCommand command : RedisCommand.values()) {
      sink.add(COMMAND_ERRORS, errorCounts.getOrDefault(command, 0L), command.label());
    }
    state.skipped().forEach((command, failure) -> sink.add(COMMAND_SKIPPED, 1, command.label(), failure.label()));
    state.info().ifPresent(info -> {
      instance(info, sink);
      infoFields(info, state.memoryStats().orElse(null), sink);
      keyspace(info, sink);
      doctor(info, state.memoryStats().orElse(null), state.doctor().orElse(null), sink);
    });
    state.memoryStats().ifPresent(stats -> memoryStats(stats, sink));
    ConfigMetrics.add(state.config(), sink);
    return sink.build(MetricCatalog.scrape());
  }

  private static void instance(InfoReply info, SnapshotSink sink) {
    boolean valkey = info.get("server", "server_name").map("valkey"::equalsIgnoreCase).orElse(false)
        || info.get("server", "valkey_version").isPresent();
    String version = info.get("server", valkey ? "valkey_version" : "redis_version")
        .or(() -> info.get("server", "redis_version")).orElse("");
    sink.add(INSTANCE_INFO, 1, version, valkey ? "valkey" : "redis",
        info.get("replication", "role").orElse(""),
        info.get("server", "redis_mode").or(() -> info.get("server", "server_mode")).orElse(""),
        info.get("memory", "maxmemory_policy").orElse(""),
        info.get("memory", "mem_allocator").orElse(""));
  }

  private static void infoFields(InfoReply info, MemoryStats stats, SnapshotSink sink) {
    for (InfoField f : InfoCatalog.FIELDS) {
      info.get(f.section(), f.field()).map(f.scale()::apply).filter(OptionalDouble::isPresent)
          .ifPresent(v -> sink.add(f.family(), v.getAsDouble()));
    }
    if (stats != null) {
      // fields INFO lacks (older or newer servers) but MEMORY STATS has under another name
      StatsCatalog.SAME_AS_INFO.forEach(
          (statsField, infoField) -> fillFromStats(stats, statsField, infoField, false, sink));
      StatsCatalog.PERCENT_SAME_AS_INFO.forEach(
          (statsField, infoField) -> fillFromStats(stats, statsField, infoField, true, sink));
    }
    info.section("memory").forEach((field, raw) -> {
      if (!MEMORY_FIELDS.containsKey(field) && !InfoCatalog.ignoredMemoryField(field) && uncurated(field, sink,
          MEMORY_INFO_VALUE)) {
        InfoReply.parseNumber(raw.strip()).ifPresent(v -> sink.add(MEMORY_INFO_VALUE, v, field));
      }
    });
  }

  /** Whether a field may become one more {@code field} label of a catch-all family: bounded in form and number. */
  private static boolean uncurated(String field, SnapshotSink sink, MetricFamily family) {
    return UNCURATED_FIELD.matcher(field).matches() && sink.count(family) < MAX_UNCURATED_FIELDS;
  }

  private static void fillFromStats(MemoryStats stats, String statsField, String infoField, boolean percent,
      SnapshotSink sink) {
    InfoField f = MEMORY_FIELDS.get(infoField);
    Double v = stats.fields().get(statsField);
    if (f != null && v != null && !sink.has(f.family())) {
      (percent ? InfoField.percentToRatio(v) : OptionalDouble.of(v)).ifPresent(x -> sink.add(f.family(), x));
    }
  }

  private static void keyspace(InfoReply info, SnapshotSink sink) {
    Map<String, String> section = info.section("keyspace");
    boolean hasSubexpiry = section.values().stream().anyMatch(v -> v.contains("subexpiry="));
    for (DbKeyspace db : KeyspaceParser.parse(section)) {
      String label = Integer.toString(db.db());
      sink.add(DB_KEYS, db.keys(), label);
      sink.add(DB_KEYS_EXPIRING, db.expires(), label);
      sink.add(DB_AVG_TTL, db.avgTtlMillis() / 1000.0, label);
      if (hasSubexpiry) {
        sink.add(DB_KEYS_FIELD_TTL, db.subexpiry(), label);
      }
    }
  }

  private static void memoryStats(MemoryStats stats, SnapshotSink sink) {
    for (StatsCatalog.StatsField f : StatsCatalog.OWN) {
      Double v = stats.fields().get(f.field());
      if (v != null) {
        sink.add(f.family(), v);
      }
    }
    stats.fields().forEach((field, v) -> {
      boolean known = StatsCatalog.SAME_AS_INFO.containsKey(field) || StatsCatalog.PERCENT_SAME_AS_INFO.containsKey(field)
          || StatsCatalog.OWN.stream().anyMatch(f -> f.field().equals(field));
      if (!known && uncurated(field, sink, MEMORY_STATS_VALUE)) {
        sink.add(MEMORY_STATS_VALUE, v, field);
      }
    });
    stats.perDb().forEach((db, fields) -> {
      Double main = fields.get("overhead.hashtable.main");
      Double expires = fields.get("overhead.hashtable.expires");
      if (main != null) {
        sink.add(DB_HASHTABLE_OVERHEAD, main, Integer.toString(db), "main");
      }
      if (expires != null) {
        sink.add(DB_HASHTABLE_OVERHEAD, expires, Integer.toString(db), "expires");
      }
    });
  }

  private static void doctor(InfoReply info, MemoryStats stats, DoctorText text, SnapshotSink sink) {
    DoctorRules.DoctorAssessment computed = DoctorRules.evaluate(info, stats);
    for (DoctorIssue issue : DoctorIssue.values()) {
      sink.add(DOCTOR_ISSUE, computed.issues().contains(issue) ? 1 : 0, issue.label());
    }
    if (text != null && text.verdict() != DoctorText.Verdict.UNRECOGNISED) {
      boolean agrees = computed.tooSmall()
          ? text.verdict() == DoctorText.Verdict.TOO_SMALL
          : text.verdict() != DoctorText.Verdict.TOO_SMALL && text.issues().equals(computed.issues());
      sink.add(DOCTOR_AGREES, agrees ? 1 : 0);
    }
  }

}

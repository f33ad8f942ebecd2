package io.github.redismem.report;

import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A {@link Report} as JSON, the body of {@code /report.json} and of {@code analyze --format=json}. Field names are
 * snake_case and stable; docs/report.md lists each one. Absent values are null, never left out.
 */
public final class ReportJson {
  private ReportJson() {}

  public static String write(Report r) {
    JsonWriter w = new JsonWriter().beginObject();
    w.name("exporter_version").value(r.exporterVersion());
    w.name("target").value(r.target());
    w.name("generated_at").value(r.generatedAt().toString());
    w.name("partial").value(r.partial());
    w.name("snapshot");
    r.snapshot().ifPresentOrElse(snap -> w.beginObject().name("file").value(snap.file())
        .name("file_bytes").value(snap.fileBytes()).name("written_at").value(snap.writtenAt().toString())
        .name("age_seconds").value(snap.ageSeconds(r.generatedAt())).name("redis_version").value(snap.redisVersion())
        .name("expired_keys").value(snap.expiredKeys()).name("complete").value(snap.complete()).endObject(),
        w::nullValue);
    instance(w.name("instance"), r.instance());
    w.name("cluster_nodes");
    if (r.nodes().isEmpty()) {
      w.nullValue();
    } else {
      nodes(w, r.nodes());
    }
    sampler(w.name("sampler"), r.sampler());
    w.name("analysis");
    r.analysis().ifPresentOrElse(a -> analysis(w, a), w::nullValue);
    // the running pass's early estimate, beside (never instead of) the last complete pass's analysis
    w.name("estimate");
    r.estimate().ifPresentOrElse(e -> {
      w.beginObject().name("progress").value(e.progress()).name("made_at").value(e.madeAt().toString());
      analysis(w.name("analysis"), e.analysis());
      w.endObject();
    }, w::nullValue);
    w.name("allocator");
    r.allocator().ifPresentOrElse(a -> allocator(w, a), w::nullValue);
    GrowthJson.scope(w.name("scope"), r.scope());
    GrowthJson.growth(w.name("growth"), r.growth());
    instanceFindings(w.name("instance_findings"), r.instanceFindings());
    return w.endObject().toString();
  }

  private static void nodes(JsonWriter w, List<Report.NodeRow> nodes) {
    w.beginArray();
    for (Report.NodeRow n : nodes) {
      w.beginObject().name("node").value(n.node()).name("role").value(n.role()).name("shard").value(n.shard())
          .name("up").value(n.up()).name("used_bytes").value(n.usedBytes()).name("max_bytes").value(n.maxBytes())
          .name("keys").value(n.keys()).name("samples").value(n.samples()).name("pass_keys").value(n.passKeys());
      w.name("pass_finished_at");
      n.passFinishedAt().ifPresentOrElse(t -> w.value(t.toString()), w::nullValue);
      w.endObject();
    }
    w.endArray();
  }

  private static void allocator(JsonWriter w, Report.Allocator a) {
    w.beginObject();
    w.name("available").value(a.available());
    w.name("unavailable_reason").value(a.unavailableReason());
    optional(w.name("age_seconds"), a.ageSeconds());
    w.name("version").value(a.version());
    w.name("allocated_bytes").value(a.allocatedBytes());
    w.name("active_bytes").value(a.activeBytes());
    w.name("metadata_bytes").value(a.metadataBytes());
    w.name("resident_bytes").value(a.residentBytes());
    w.name("mapped_bytes").value(a.mappedBytes());
    w.name("retained_bytes").value(a.retainedBytes());
    w.name("fragmentation_ratio").value(a.fragmentationRatio());
    w.name("bin_wasted_bytes").value(a.binWastedBytes());
    w.name("reclaimable_bytes").value(a.reclaimableBytes());
    w.name("verdict").value(a.verdict());
    w.name("explanation").value(a.explanation());
    w.name("size_classes").beginArray();
    for (Report.SizeClassRow c : a.sizeClasses()) {
      w.beginObject().name("size").value(c.size()).name("range").value(c.range()).name("regions").value(c.regions())
          .name("allocated_bytes").value(c.allocatedBytes()).name("active_bytes").value(c.activeBytes())
          .name("wasted_bytes").value(c.wastedBytes()).name("utilisation").value(c.utilisation()).endObject();
    }
    w.endArray();
    w.endObject();
  }

  private static void instanceFindings(JsonWriter w, List<Report.InstanceFindingRow> findings) {
    w.beginArray();
    for (Report.InstanceFindingRow f : findings) {
      w.beginObject().name("finding").value(f.finding()).name("title").value(f.title()).name("bytes").value(f.bytes());
      w.name("evidence").beginArray();
      f.evidence().forEach((name, value) -> w.beginObject().name("name").value(name).name("value").value(value)
          .endObject());
      w.endArray();
      w.name("fix").beginObject().name("kind").value(f.fix().kind()).name("summary").value(f.fix().summary());
      strings(w.name("steps"), f.fix().steps());
      w.endObject().endObject();
    }
    w.endArray();
  }

  private static void instance(JsonWriter w, Report.Instance i) {
    w.beginObject();
    w.name("up").value(i.up());
    w.name("server").value(i.server());
    w.name("version").value(i.version());
    w.name("role").value(i.role());
    w.name("used_bytes").value(i.usedBytes());
    w.name("max_bytes").value(i.maxBytes());
    w.name("rss_bytes").value(i.rssBytes());
    w.name("peak_bytes").value(i.peakBytes());
    w.name("fragmentation_ratio").value(i.fragmentationRatio());
    w.name("maxmemory_policy").value(i.maxmemoryPolicy());
    w.name("keys").value(i.keys());
    w.name("expiring_keys").value(i.expiringKeys());
    w.name("evicted_keys").value(i.evictedKeys());
    strings(w.name("doctor_issues"), i.doctorIssues());
    w.endObject();
  }

  private static void sampler(JsonWriter w, Report.Sampler s) {
    w.beginObject();
    w.name("state").value(s.state());
    w.name("progress").value(s.progress());
    w.name("redis_time_ratio").value(s.redisTimeRatio());
    w.name("sample_ratio").value(s.sampleRatio());
    w.name("keys_total").value(s.keysTotal());
    w.name("passes_total").value(s.passesTotal());
    optional(w.name("last_pass_age_seconds"), s.lastPassAgeSeconds());
    optional(w.name("last_pass_keys_per_second"), s.lastPassKeysPerSecond());
    w.name("errors").beginObject();
    new TreeMap<>(s.errors()).forEach((reason, n) -> w.name(reason).value(n));
    w.endObject();
    strings(w.name("limits"), s.limits());
    if (s.node().isPresent()) {
      w.name("node").beginObject();
      w.name("address").value(s.node().get().node());
      w.name("role").value(s.node().get().role());
      w.endObject();
    } else {
      w.name("node").nullValue();
    }
    w.endObject();
  }

  private static void analysis(JsonWriter w, Report.Analysis a) {
    w.beginObject();
    w.name("finished_at").value(a.finishedAt().toString());
    w.name("duration_seconds").value(a.durationSeconds());
    w.name("keys_inspected").value(a.keysInspected());
    w.name("keys_vanished").value(a.keysVanished());
    w.name("sample_ratio").value(a.sampleRatio());
    w.name("keys").value(a.keys());
    w.name("bytes").value(a.bytes());
    w.name("encodings").beginArray();
    for (Report.EncodingRow e : a.encodings()) {
      w.beginObject().name("db").value(e.db()).name("data_type").value(e.dataType())
          .name("encoding").value(e.encoding()).name("keys").value(e.keys()).name("bytes").value(e.bytes())
          .name("keys_low").value(e.keysLow()).name("keys_high").value(e.keysHigh())
          .name("bytes_low").value(e.bytesLow()).name("bytes_high").value(e.bytesHigh()).endObject();
    }
    w.endArray();
    keys(w.name("top_keys"), a.topKeys());
    w.name("prefixes").beginArray();
    for (Report.PrefixRow p : a.prefixes()) {
      w.beginObject().name("db").value(p.db()).name("prefix").value(p.prefix()).name("keys").value(p.keys())
          .name("bytes").value(p.bytes()).name("keys_without_ttl").value(p.keysWithoutTtl())
          .name("bytes_low").value(p.bytesLow()).name("bytes_high").value(p.bytesHigh()).endObject();
    }
    w.endArray();
    w.name("ttls").beginArray();
    for (Report.TtlRow t : a.ttls()) {
      w.beginObject().name("db").value(t.db()).name("bucket").value(t.bucket()).name("keys").value(t.keys())
          .name("bytes").value(t.bytes()).name("keys_low").value(t.keysLow()).name("keys_high").value(t.keysHigh())
          .name("bytes_low").value(t.bytesLow()).name("bytes_high").value(t.bytesHigh()).endObject();
    }
    w.endArray();
    w.name("findings").beginArray();
    for (Report.FindingRow f : a.findings()) {
      w.beginObject().name("db").value(f.db()).name("finding").value(f.finding()).name("title").value(f.title())
          .name("keys").value(f.keys()).name("bytes").value(f.bytes())
          .name("reclaimable_bytes").value(f.reclaimableBytes())
          .name("saving_note").value(f.savingNote().orElse(null))
          .name("keys_low").value(f.keysLow()).name("keys_high").value(f.keysHigh())
          .name("bytes_low").value(f.bytesLow()).name("bytes_high").value(f.bytesHigh());
      keys(w.name("examples"), f.examples());
      w.name("fix").beginObject().name("kind").value(f.fix().kind()).name("summary").value(f.fix().summary());
      strings(w.name("steps"), f.fix().steps());
      w.endObject().endObject();
    }
    w.endArray();
    estimation(w.name("estimation"), a.estimation());
    whatIfs(w.name("what_ifs"), a.whatIfs());
    w.endObject();
  }

  private static void whatIfs(JsonWriter w, List<Report.WhatIfRow> rows) {
    w.beginArray();
    for (Report.WhatIfRow r : rows) {
      w.beginObject().name("data_type").value(r.dataType()).name("setting").value(r.setting())
          .name("current").value(r.current()).name("from_encoding").value(r.fromEncoding())
          .name("to_encoding").value(r.toEncoding()).name("keys_over").value(r.keysOver())
          .name("bytes_over").value(r.bytesOver()).name("keys_beyond").value(r.keysBeyond())
          .name("reclaimable_above_longest").value(r.reclaimableAboveLongest());
      w.name("candidates").beginArray();
      for (Report.WhatIfCandidate c : r.candidates()) {
        w.beginObject().name("value").value(c.value()).name("basis").value(c.basis()).name("keys").value(c.keys())
            .name("reclaimable_bytes").value(c.reclaimableBytes()).name("max_compact_bytes")
            .value(c.maxCompactBytes()).endObject();
      }
      w.endArray();
      strings(w.name("command"), r.command());
      w.endObject();
    }
    w.endArray();
  }

  private static void estimation(JsonWriter w, Report.Estimation e) {
    w.beginObject();
    w.name("sampled").value(e.sampled());
    w.name("sample_ratio").value(e.sampleRatio());
    w.name("big_key_bytes").value(e.bigKeyBytes());
    w.name("calibrated").value(e.calibrated());
    w.name("dataset_bytes").value(e.datasetBytes());
    w.name("allocated_bytes").value(e.allocatedBytes());
    w.name("unattributed_bytes").value(e.unattributedBytes());
    w.name("top_keys_from_sample").value(e.topKeysFromSample());
    w.endObject();
  }

  private static void keys(JsonWriter w, List<Report.KeyRow> keys) {
    w.beginArray();
    for (Report.KeyRow k : keys) {
      w.beginObject().name("db").value(k.db()).name("key").value(k.key()).name("data_type").value(k.dataType())
          .name("encoding").value(k.encoding()).name("bytes").value(k.bytes()).name("elements").value(k.elements())
          .name("ttl_seconds").value(k.ttlSeconds());
      if (!k.node().isEmpty()) {
        // only a cluster's report knows its keys' nodes; a single node's JSON stays as it was
        w.name("node").value(k.node());
      }
      w.endObject();
    }
    w.endArray();
  }

  private static void strings(JsonWriter w, List<String> values) {
    w.beginArray();
    values.forEach(w::value);
    w.endArray();
  }

  private static void optional(JsonWriter w, OptionalDouble v) {
    if (v.isPresent()) {
      w.value(v.getAsDouble());
    } else {
      w.nullValue();
    }
  }
}

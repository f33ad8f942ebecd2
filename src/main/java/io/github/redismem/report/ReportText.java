package io.github.redismem.report;

import static io.github.redismem.report.ReportFormat.count;
import static io.github.redismem.report.ReportFormat.cut;
import static io.github.redismem.report.ReportFormat.percent;
import static io.github.redismem.report.ReportFormat.printable;
import static io.github.redismem.report.ReportFormat.share;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The report for a terminal, as {@code analyze --format=text} prints it: aligned tables, bytes in KiB / MiB,
 * sections in the order a reader acts on them (what the instance uses, what the sampler saw, where memory goes,
 * what to fix). Key names are shown as the report holds them, never interpreted.
 *
 * <p>Longer than our other classes on purpose: one method per section, in the order they print, sharing the
 * table layout and indentation; ReportMarkdown mirrors it section by section.
 */
public final class ReportText {
  private static final String INDENT = "  ";
  private static final int KEY_WIDTH = 60;
  private static final int SUMMARY_ROWS = 5;
  private static final int SUMMARY_FIXES = 3;
  /** Between the ends of a range: ASCII, as the rest of the text (a terminal may not be UTF-8). */
  private static final String DASH = "-";

  private final Report report;
  private final int maxRows;
  /** Whether the figures are estimates: their tables then have range columns. */
  private final boolean sampled;
  private final StringBuilder out = new StringBuilder();

  private ReportText(Report report, int maxRows) {
    this.report = report;
    this.maxRows = maxRows;
    this.sampled = report.analysis().map(a -> a.estimation().sampled()).orElse(false);
  }

  /** Every section with every row of the report. */
  public static String render(Report report) {
    return new ReportText(report, Integer.MAX_VALUE).all(true);
  }

  /** The same sections with at most five rows each and no examples: a first look, as the demo prints it. */
  public static String summary(Report report) {
    return new ReportText(report, SUMMARY_ROWS).all(false);
  }

  private String all(boolean examples) {
    out.append(String.format(Locale.ROOT, "Redis memory report for %s (redis-memory-exporter %s, %s)%n",
        printable(report.target()), report.exporterVersion(), report.generatedAt()));
    if (report.partial()) {
      out.append("PARTIAL: the pass was stopped before it had seen every key; figures cover the keys seen so far.\n");
    }
    report.snapshot().ifPresentOrElse(this::snapshot, () -> instance(report.instance()));
    nodes(report.nodes());
    instanceFindings(report.instance(), report.instanceFindings());
    sampler(report.sampler());
    report.analysis().ifPresentOrElse(a -> analysis(a, examples),
        () -> out.append("\nNo completed pass yet: no key analysis.\n"));
    report.allocator().ifPresent(this::allocator);
    report.growth().ifPresent(g -> GrowthText.render(g, out));
    return out.toString();
  }

  private void allocator(Report.Allocator a) {
    heading("Allocator (MEMORY MALLOC-STATS" + a.ageSeconds().stream()
        .mapToObj(age -> ", read " + ReportFormat.seconds(age) + " ago").findFirst().orElse("") + ")");
    if (!a.available()) {
      out.append(INDENT).append("not available: ").append(printable(a.unavailableReason())).append('\n');
      return;
    }
    out.append(String.format(Locale.ROOT, "%sjemalloc %s: allocated %s, active %s (ratio %.2f), resident %s, "
        + "metadata %s, mapped %s, retained %s%n", INDENT, printable(a.version()),
        HumanBytes.format(a.allocatedBytes()),
        HumanBytes.format(a.activeBytes()), a.fragmentationRatio(), HumanBytes.format(a.residentBytes()),
        HumanBytes.format(a.metadataBytes()), HumanBytes.format(a.mappedBytes()),
        HumanBytes.format(a.retainedBytes())));
    out.append(String.format(Locale.ROOT, "%sfree space in partly used slabs %s, of which active defrag could "
        + "reclaim about %s%n", INDENT, HumanBytes.format(a.binWastedBytes()),
        HumanBytes.format(a.reclaimableBytes())));
    out.append(INDENT).append("verdict ").append(a.verdict()).append(": ").append(a.explanation()).append('\n');
    table(a.sizeClasses(), new TextTable("SIZE>", "RANGE", "REGIONS>", "ALLOCATED>", "SLABS>", "WASTED>", "USED>"),
        (t, c) -> t.row(c.size(), c.range(), count(c.regions()), HumanBytes.format(c.allocatedBytes()),
            HumanBytes.format(c.activeBytes()), HumanBytes.format(c.wastedBytes()), percent(c.utilisation())));
  }

  private void heading(String title) {
    out.append('\n').append(title).append('\n');
  }

  /** Where the analysis came from when no Redis was asked: the file, who wrote it and when. */
  private void snapshot(Report.Snapshot snap) {
    heading("Source: RDB snapshot (no Redis was asked anything)");
    out.append(String.format(Locale.ROOT, "%s%s, %s, written by Redis %s at %s (%s before this report)%s%n", INDENT,
        printable(snap.file()), HumanBytes.format(snap.fileBytes()), printable(snap.redisVersion()), snap.writtenAt(),
        ReportFormat.seconds(snap.ageSeconds(report.generatedAt())), snap.complete() ? "" : "; CUT SHORT"));
    out.append(String.format(Locale.ROOT, "%ssizes modelled as MEMORY USAGE would report them once loaded; TTLs "
        + "counted from when it was written (%s keys already expired then, left out); no live INFO: no instance "
        + "figures or instance findings%n", INDENT, count(snap.expiredKeys())));
  }

  private void instance(Report.Instance i) {
    heading("Instance");
    if (!i.up()) {
      out.append(INDENT).append("Redis did not answer INFO: no instance figures.\n");
      return;
    }
    out.append(String.format(Locale.ROOT, "%s%s %s, %s, maxmemory-policy %s%n", INDENT, i.server(), i.version(),
        i.role(), i.maxmemoryPolicy()));
    out.append(String.format(Locale.ROOT, "%sused %s of %s, RSS %s, peak %s, fragmentation %.2f%n", INDENT,
        HumanBytes.format(i.usedBytes()), ReportFormat.limit(i.maxBytes()), HumanBytes.format(i.rssBytes()),
        HumanBytes.format(i.peakBytes()), i.fragmentationRatio()));
    out.append(String.format(Locale.ROOT, "%s%s keys, %s with a TTL, %s evicted since start%n", INDENT,
        count(i.keys()), count(i.expiringKeys()), count(i.evictedKeys())));
    out.append(INDENT).append("MEMORY DOCTOR: ").append(ReportFormat.doctor(i.doctorIssues())).append('\n');
  }

  /** A cluster's nodes, with which of them sample and whose pass is in the analysis. */
  private void nodes(List<Report.NodeRow> nodes) {
    if (nodes.isEmpty()) {
      return;
    }
    heading("Cluster nodes (instance figures above: the primaries summed)");
    table(nodes, new TextTable("NODE", "ROLE", "SHARD", "UP", "USED>", "MAX>", "KEYS>", "SAMPLES", "PASS KEYS>",
        "PASS FINISHED"), (t, n) -> t.row(printable(n.node()), n.role(), printable(n.shard()), n.up() ? "yes" : "no",
            HumanBytes.format(n.usedBytes()), ReportFormat.limit(n.maxBytes()), count(n.keys()),
            n.samples() ? "yes" : DASH, n.passFinishedAt().isPresent() ? count(n.passKeys()) : DASH,
            n.passFinishedAt().map(Object::toString).orElse(DASH)));
  }

  private void sampler(Report.Sampler s) {
    heading("Sampler");
    out.append(String.format(Locale.ROOT, "%sstate %s, progress %s, Redis time taken %s, sample ratio %s%n",
        INDENT, s.state(), percent(s.progress()), percent(s.redisTimeRatio()), s.sampleRatio()));
    report.analysis().ifPresent(a -> out.append(String.format(Locale.ROOT,
        "%slast pass: %s keys inspected (%s vanished) in %s%s%n", INDENT, count(a.keysInspected()),
        count(a.keysVanished()), ReportFormat.seconds(a.durationSeconds()),
        s.lastPassKeysPerSecond().isPresent()
            ? String.format(Locale.ROOT, ", %,.0f keys/s", s.lastPassKeysPerSecond().getAsDouble()) : "")));
    long errors = s.errors().values().stream().mapToLong(Long::longValue).sum();
    if (errors > 0) {
      out.append(INDENT).append("failed batches: ").append(s.errors()).append('\n');
    }
    s.limits().forEach(limit -> out.append(INDENT).append("limited: ").append(limit).append('\n'));
    if (s.node().isPresent()) {
      out.append(INDENT).append("sampled node: ").append(s.nodeText()).append('\n');
    }
  }

  private void analysis(Report.Analysis a, boolean examples) {
    out.append(String.format(Locale.ROOT, "%skeys analysed: %s, %s%s%n", INDENT, count(a.keys()),
        HumanBytes.format(a.bytes()), a.sampleRatio() < 1 ? " (estimated from a sample)" : ""));
    List<String> note = EstimateNote.clauses(a.estimation());
    for (int i = 0; i < note.size(); i++) {
      out.append(i == 0 ? INDENT : INDENT + INDENT).append(note.get(i))
          .append(i == 0 ? ":" : i == note.size() - 1 ? "." : ";").append('\n');
    }

    heading("Memory by data type and encoding");
    long unattributed = a.estimation().unattributedBytes();
    table(a.encodings(), new TextTable("DB>", "TYPE", "ENCODING", "KEYS>", "KEYS RANGE>", "MEMORY>",
            "MEMORY RANGE>", "SHARE>"),
        (t, r) -> t.row(r.db(), r.dataType(), r.encoding(), count(r.keys()), keysRange(r.keysLow(), r.keysHigh()),
            HumanBytes.format(r.bytes()), bytesRange(r.bytesLow(), r.bytesHigh()), share(r.bytes(), a.bytes())),
        t -> {
          if (sampled && unattributed > 0) {
            t.row("-", "unattributed", "-", "-", "-", HumanBytes.format(unattributed), "-",
                share(unattributed, a.bytes()));
          }
        });

    heading(a.estimation().topKeysFromSample() ? "Top keys (" + EstimateNote.TOP_KEYS + ")" : "Top keys");
    // a node column only in a cluster's report: TextTable leaves out a column whose cells are all null
    table(a.topKeys(), new TextTable("NODE", "DB>", "KEY", "TYPE", "ENCODING", "MEMORY>", "ELEMENTS>", "TTL>"),
        (t, k) -> t.row(k.node().isEmpty() ? null : printable(k.node()), k.db(), cut(printable(k.key()), KEY_WIDTH),
            k.dataType(), k.encoding(), HumanBytes.format(k.bytes()), count(k.elements()),
            ReportFormat.ttl(k.ttlSeconds())));

    heading("Memory by prefix");
    table(a.prefixes(), new TextTable("DB>", "PREFIX", "KEYS>", "MEMORY>", "MEMORY RANGE>", "SHARE>", "NO TTL>"),
        (t, p) -> t.row(p.db(), cut(printable(p.prefix()), KEY_WIDTH), count(p.keys()), HumanBytes.format(p.bytes()),
            bytesRange(p.bytesLow(), p.bytesHigh()), share(p.bytes(), a.bytes()), count(p.keysWithoutTtl())));

    heading("Memory by remaining TTL");
    table(a.ttls(), new TextTable("DB>", "TTL", "KEYS>", "KEYS RANGE>", "MEMORY>", "MEMORY RANGE>", "SHARE>"),
        (t, r) -> t.row(r.db(), r.bucket(), count(r.keys()), keysRange(r.keysLow(), r.keysHigh()),
            HumanBytes.format(r.bytes()), bytesRange(r.bytesLow(), r.bytesHigh()), share(r.bytes(), a.bytes())));

    findings(a, examples);
    whatIfs(a.whatIfs());
  }

  private void findings(Report.Analysis a, boolean examples) {
    heading("Findings");
    if (a.findings().isEmpty()) {
      out.append(INDENT).append("none\n");
      return;
    }
    // every finding has a row even in the summary: they are what the reader came for
    TextTable findings = new TextTable("DB>", "FINDING", "KEYS>", "KEYS RANGE>", "MEMORY>", "MEMORY RANGE>",
        "SAVING>");
    // a finding with a note instead of a saving (no_ttl) shows "-": its note is in its section below
    a.findings().forEach(f -> findings.row(f.db(), f.finding(), count(f.keys()), keysRange(f.keysLow(), f.keysHigh()),
        HumanBytes.format(f.bytes()), bytesRange(f.bytesLow(), f.bytesHigh()),
        f.savingNote().isPresent() ? "-" : HumanBytes.format(f.reclaimableBytes())));
    out.append(findings.render(INDENT));
    a.findings().stream().limit(examples ? Long.MAX_VALUE : SUMMARY_FIXES).forEach(f -> finding(f, examples));
    if (!examples && a.findings().size() > SUMMARY_FIXES) {
      out.append(String.format(Locale.ROOT, "%n%sThe fixes of the other findings are in the full report.%n",
          INDENT));
    }
  }

  private void whatIfs(List<Report.WhatIfRow> rows) {
    if (rows.isEmpty()) {
      return; // no key is over a threshold: nothing to weigh
    }
    heading("Threshold what-ifs (keys re-encoded after raising the threshold; estimated)");
    rows.stream().limit(maxRows).forEach(r -> {
      out.append(String.format(Locale.ROOT, "%n%s%s = %d: %s %s keys in %s over it, %s%n", INDENT, r.setting(),
          r.current(), count(r.keysOver()), r.dataType(), r.fromEncoding(), HumanBytes.format(r.bytesOver())));
      if (r.candidates().isEmpty()) {
        out.append(String.format(Locale.ROOT, "%sheld back by the value limit: %s would be freed at a value above"
            + " their longest element (not measured by the sampler)%n", INDENT + INDENT,
            HumanBytes.format(r.reclaimableAboveLongest())));
      } else {
        TextTable t = new TextTable("VALUE>", "BASIS", "KEYS CONVERTED>", "SAVING>", "COMPACT KEY AT LIMIT>");
        r.candidates().forEach(c -> t.row(c.value(), c.basis(), count(c.keys()),
            HumanBytes.format(c.reclaimableBytes()), "~" + HumanBytes.format(c.maxCompactBytes())));
        out.append(t.render(INDENT + INDENT));
        if (r.keysBeyond() > 0) {
          out.append(String.format(Locale.ROOT, "%s%s keys convert at none of these values (over 8x, or elements"
              + " too long)%n", INDENT + INDENT, count(r.keysBeyond())));
        }
        out.append(INDENT + INDENT).append("cost: a compact key is scanned on every lookup and rewritten on every"
            + " insert (O(N)); the last column is about its size at the limit\n");
      }
      r.command().forEach(step -> out.append(INDENT + INDENT + "  ").append(printable(step)).append('\n'));
    });
    if (rows.size() > maxRows) {
      out.append(INDENT).append("... and ").append(rows.size() - maxRows).append(" more\n");
    }
  }

  /** A range column's cell; none (so no column) for an exact pass. */
  private String keysRange(long low, long high) {
    return sampled ? ReportFormat.countRange(low, high, DASH) : null;
  }

  private String bytesRange(long low, long high) {
    return sampled ? HumanBytes.range(low, high, DASH) : null;
  }

  private void finding(Report.FindingRow f, boolean examples) {
    out.append(String.format(Locale.ROOT, "%n%s%s in db %d: %s%n", INDENT, f.finding(), f.db(), f.title()));
    out.append(String.format(Locale.ROOT, "%skeys %s, memory %s%s%n", INDENT + INDENT,
        count(f.keys(), f.keysLow(), f.keysHigh(), DASH), ReportFormat.bytes(f.bytes(), f.bytesLow(), f.bytesHigh(),
            DASH), f.savingNote().map(note -> "; " + note)
            .orElse(", estimated saving " + HumanBytes.format(f.reclaimableBytes()))));
    out.append(INDENT + INDENT).append("fix (").append(f.fix().kind()).append("): ").append(f.fix().summary())
        .append('\n');
    f.fix().steps().forEach(step -> out.append(INDENT + INDENT + "  ").append(printable(step)).append('\n'));
    if (examples && !f.examples().isEmpty()) {
      out.append(INDENT + INDENT).append("examples:\n");
      f.examples().forEach(k -> out.append(String.format(Locale.ROOT, "%s  %s (%s, %s %s, length %s%s)%n",
          INDENT + INDENT, cut(printable(k.key()), KEY_WIDTH), HumanBytes.format(k.bytes()), k.dataType(),
          k.encoding(), count(k.elements()), k.node().isEmpty() ? "" : ", on " + printable(k.node()))));
    }
  }

  private void instanceFindings(Report.Instance instance, List<Report.InstanceFindingRow> findings) {
    if (!instance.up()) {
      return;
    }
    heading("Instance findings");
    if (findings.isEmpty()) {
      out.append(INDENT).append("none\n");
      return;
    }
    for (Report.InstanceFindingRow f : findings) {
      out.append(String.format(Locale.ROOT, "%s%s: %s (%s)%n", INDENT, f.finding(), f.title(),
          HumanBytes.format(f.bytes())));
      StringBuilder evidence = new StringBuilder();
      f.evidence().forEach((name, value) -> evidence.append(evidence.length() > 0 ? ", " : "").append(name)
          .append(' ').append(ReportFormat.number(value)));
      out.append(INDENT + INDENT).append("evidence: ").append(evidence).append('\n');
      out.append(INDENT + INDENT).append("fix (").append(f.fix().kind()).append("): ").append(f.fix().summary())
          .append('\n');
      f.fix().steps().forEach(step -> out.append(INDENT + INDENT + "  ").append(printable(step)).append('\n'));
    }
  }

  /** Fills and appends a table, at most {@code maxRows} rows, saying how many were left out. */
  private <T> void table(List<T> rows, TextTable table, RowWriter<T> writer) {
    table(rows, table, writer, t -> {});
  }

  /** The same, with rows that are not items (a total) added after the items. */
  private <T> void table(List<T> rows, TextTable table, RowWriter<T> writer, Consumer<TextTable> footer) {
    if (rows.isEmpty()) {
      out.append(INDENT).append("none\n");
      return;
    }
    rows.stream().limit(maxRows).forEach(r -> writer.write(table, r));
    footer.accept(table);
    out.append(table.render(INDENT));
    if (rows.size() > maxRows) {
      out.append(INDENT).append("... and ").append(rows.size() - maxRows).append(" more\n");
    }
  }

  /** Adds one row for one item. */
  private interface RowWriter<T> {
    void write(TextTable table, T row);
  }
}

package io.github.redismem.report;

import static io.github.redismem.report.ReportFormat.count;
import static io.github.redismem.report.ReportFormat.percent;
import static io.github.redismem.report.ReportFormat.share;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The report as GitHub-flavoured Markdown, for a pull request comment or a CI job summary
 * ({@code analyze --format=markdown >> $GITHUB_STEP_SUMMARY}). Every key name, prefix and step is escaped, so a key
 * holding {@code |}, a backtick or markup can neither break a table nor render as anything but its text. The
 * estimates of a sampled pass show their 99% range in the same cell: {@code 12.4 MiB (11.9–13.0 MiB)}.
 */
public final class ReportMarkdown {
  /** Between the ends of a range (GitHub renders UTF-8). */
  private static final String DASH = "\u2013";

  private final StringBuilder out = new StringBuilder();

  private ReportMarkdown() {}

  public static String render(Report report) {
    return new ReportMarkdown().all(report);
  }

  private String all(Report r) {
    out.append("# Redis memory report for ").append(escape(r.target())).append("\n\n");
    out.append("redis-memory-exporter ").append(escape(r.exporterVersion())).append(", ")
        .append(r.generatedAt()).append("\n\n");
    if (r.partial()) {
      out.append("> **Partial:** the pass was stopped before it had seen every key; figures cover the keys seen "
          + "so far.\n\n");
    }
    r.snapshot().ifPresentOrElse(snap -> snapshot(snap, r), () -> instance(r.instance()));
    nodes(r.nodes());
    instanceFindings(r.instance(), r.instanceFindings());
    Report.Sampler s = r.sampler();
    out.append("## Sampler\n\n");
    table(List.of(s), List.of("state", "progress", "Redis time taken", "sample ratio", "keys inspected"),
        x -> List.of(x.state(), percent(x.progress()), percent(x.redisTimeRatio()),
            String.valueOf(x.sampleRatio()), count(x.keysTotal())));
    s.limits().forEach(limit -> out.append("> **Limited:** ").append(escape(limit)).append("\n\n"));
    if (s.node().isPresent()) {
      out.append("Sampled node: ").append(escape(s.nodeText())).append("\n\n");
    }
    r.analysis().ifPresentOrElse(this::analysis, () -> out.append("No completed pass yet: no key analysis.\n"));
    r.allocator().ifPresent(this::allocator);
    r.growth().ifPresent(g -> GrowthMarkdown.render(g, out));
    return out.toString();
  }

  private void allocator(Report.Allocator a) {
    out.append("\n## Allocator\n\n");
    if (!a.available()) {
      out.append("MEMORY MALLOC-STATS not available: ").append(escape(a.unavailableReason())).append("\n");
      return;
    }
    table(List.of(a), List.of("jemalloc", "allocated", "active", "ratio", "resident", "metadata",
        "slab free space", "defrag could reclaim"),
        x -> List.of(escape(x.version()), HumanBytes.format(x.allocatedBytes()), HumanBytes.format(x.activeBytes()),
            String.format(Locale.ROOT, "%.2f", x.fragmentationRatio()), HumanBytes.format(x.residentBytes()),
            HumanBytes.format(x.metadataBytes()), HumanBytes.format(x.binWastedBytes()),
            HumanBytes.format(x.reclaimableBytes())));
    out.append("**").append(escape(a.verdict())).append("**: ").append(escape(a.explanation())).append("\n\n");
    table(a.sizeClasses(), List.of("size", "range", "regions", "allocated", "slabs", "wasted", "used"),
        c -> List.of(String.valueOf(c.size()), c.range(), count(c.regions()), HumanBytes.format(c.allocatedBytes()),
            HumanBytes.format(c.activeBytes()), HumanBytes.format(c.wastedBytes()), percent(c.utilisation())));
  }

  /** Where the analysis came from when no Redis was asked: the file, who wrote it and when. */
  private void snapshot(Report.Snapshot snap, Report r) {
    out.append("## Source: RDB snapshot\n\n");
    out.append(code(snap.file(), false)).append(", ").append(HumanBytes.format(snap.fileBytes()))
        .append(", written by Redis ").append(escape(snap.redisVersion())).append(" at ").append(snap.writtenAt())
        .append(" (").append(ReportFormat.seconds(snap.ageSeconds(r.generatedAt()))).append(" before this report)")
        .append(snap.complete() ? "" : "; **cut short**").append(".\n\n");
    out.append("No Redis was asked anything: sizes are modelled as MEMORY USAGE would report them once loaded, "
        + "TTLs counted from when the file was written (").append(ReportFormat.count(snap.expiredKeys()))
        .append(" keys already expired then, left out); no live INFO, so no instance figures or findings.\n\n");
  }

  private void instance(Report.Instance i) {
    out.append("## Instance\n\n");
    if (!i.up()) {
      out.append("Redis did not answer INFO: no instance figures.\n\n");
      return;
    }
    table(List.of(i), List.of("server", "role", "used", "max", "RSS", "peak", "fragmentation", "keys",
        "with TTL", "evicted", "MEMORY DOCTOR"),
        x -> List.of(x.server() + " " + x.version(), x.role(), HumanBytes.format(x.usedBytes()),
            ReportFormat.limit(x.maxBytes()), HumanBytes.format(x.rssBytes()), HumanBytes.format(x.peakBytes()),
            String.format(Locale.ROOT, "%.2f", x.fragmentationRatio()), count(x.keys()), count(x.expiringKeys()),
            count(x.evictedKeys()), ReportFormat.doctor(x.doctorIssues())));
  }

  /** A cluster's nodes, with which of them sample and whose pass is in the analysis. */
  private void nodes(List<Report.NodeRow> nodes) {
    if (nodes.isEmpty()) {
      return;
    }
    out.append("## Cluster nodes\n\nThe instance figures above sum the primaries; the analysis below merges the "
        + "passes of the nodes with pass keys.\n\n");
    table(nodes, List.of("node", "role", "shard", "up", "used", "max", "keys", "samples", "pass keys",
        "pass finished"),
        n -> List.of(code(n.node(), true), n.role(), code(n.shard(), true), n.up() ? "yes" : "no",
            HumanBytes.format(n.usedBytes()), ReportFormat.limit(n.maxBytes()), count(n.keys()),
            n.samples() ? "yes" : DASH, n.passFinishedAt().isPresent() ? count(n.passKeys()) : DASH,
            n.passFinishedAt().map(Object::toString).orElse(DASH)));
  }

  private void instanceFindings(Report.Instance instance, List<Report.InstanceFindingRow> findings) {
    if (!instance.up()) {
      return;
    }
    out.append("## Instance findings\n\n");
    if (findings.isEmpty()) {
      out.append("None.\n\n");
      return;
    }
    for (Report.InstanceFindingRow f : findings) {
      out.append("### ").append(code(f.finding(), false)).append(": ").append(escape(f.title())).append(" (")
          .append(HumanBytes.format(f.bytes())).append(")\n\n");
      StringBuilder evidence = new StringBuilder();
      f.evidence().forEach((name, value) -> evidence.append(evidence.length() > 0 ? ", " : "")
          .append(code(name, false)).append(' ').append(ReportFormat.number(value)));
      out.append("Evidence: ").append(evidence).append("\n\n");
      out.append("Fix (").append(f.fix().kind()).append("): ").append(escape(f.fix().summary())).append("\n\n");
      f.fix().steps().forEach(step -> out.append("1. ").append(code(step, false)).append('\n'));
      out.append('\n');
    }
  }

  private void analysis(Report.Analysis a) {
    out.append(String.format(Locale.ROOT, "Last pass: %s keys inspected (%s vanished) in %s; %s keys, %s%s.%n%n",
        count(a.keysInspected()), count(a.keysVanished()), ReportFormat.seconds(a.durationSeconds()),
        count(a.keys()), HumanBytes.format(a.bytes()), a.sampleRatio() < 1 ? ", estimated from a sample" : ""));
    if (a.estimation().sampled()) {
      out.append("> ").append(escape(EstimateNote.sentence(a.estimation()))).append("\n\n");
    }
    out.append("## Findings\n\n");
    table(a.findings(), List.of("db", "finding", "keys", "memory", "estimated saving"),
        f -> List.of(String.valueOf(f.db()), code(f.finding(), true), count(f.keys(), f.keysLow(), f.keysHigh(), DASH),
            ReportFormat.bytes(f.bytes(), f.bytesLow(), f.bytesHigh(), DASH),
            f.savingNote().isPresent() ? "-" : HumanBytes.format(f.reclaimableBytes())));
    for (Report.FindingRow f : a.findings()) {
      out.append("### ").append(code(f.finding(), false)).append(" in db ").append(f.db()).append(": ")
          .append(escape(f.title())).append("\n\n");
      f.savingNote().ifPresent(note -> out.append(escape(capitalized(note))).append(".\n\n"));
      out.append("Fix (").append(f.fix().kind()).append("): ").append(escape(f.fix().summary())).append("\n\n");
      f.fix().steps().forEach(step -> out.append("1. ").append(code(step, false)).append('\n'));
      if (!f.examples().isEmpty()) {
        out.append("\nExamples: ").append(String.join(", ", f.examples().stream()
            .map(k -> code(k.key(), false) + " (" + HumanBytes.format(k.bytes())
                + (k.node().isEmpty() ? "" : ", on " + code(k.node(), false)) + ")").toList())).append('\n');
      }
      out.append('\n');
    }
    out.append("## Memory by data type and encoding\n\n");
    long unattributed = a.estimation().unattributedBytes();
    table(a.encodings(), List.of("db", "type", "encoding", "keys", "memory", "share"),
        e -> List.of(String.valueOf(e.db()), e.dataType(), e.encoding(),
            count(e.keys(), e.keysLow(), e.keysHigh(), DASH),
            ReportFormat.bytes(e.bytes(), e.bytesLow(), e.bytesHigh(), DASH), share(e.bytes(), a.bytes())),
        unattributed > 0 ? List.of(List.of("-", "unattributed", "-", "-", HumanBytes.format(unattributed),
            share(unattributed, a.bytes()))) : List.of());
    out.append("## Top keys\n\n");
    if (a.estimation().topKeysFromSample()) {
      out.append(escape(capitalized(EstimateNote.TOP_KEYS))).append(".\n\n");
    }
    // a node column only in a cluster's report, so that a single node's Markdown stays as it was
    boolean nodes = Report.KeyRow.anyNode(a.topKeys());
    List<String> keyHeaders = List.of("db", "key", "type", "encoding", "memory", "elements", "TTL");
    table(a.topKeys(), nodes ? withFirst("node", keyHeaders) : keyHeaders, k -> {
      List<String> cells = List.of(String.valueOf(k.db()), code(k.key(), true), k.dataType(), k.encoding(),
          HumanBytes.format(k.bytes()), count(k.elements()), ReportFormat.ttl(k.ttlSeconds()));
      return nodes ? withFirst(k.node().isEmpty() ? "" : code(k.node(), true), cells) : cells;
    });
    out.append("## Memory by prefix\n\n");
    table(a.prefixes(), List.of("db", "prefix", "keys", "memory", "share", "without TTL"),
        p -> List.of(String.valueOf(p.db()), code(p.prefix(), true), count(p.keys()),
            ReportFormat.bytes(p.bytes(), p.bytesLow(), p.bytesHigh(), DASH), share(p.bytes(), a.bytes()),
            count(p.keysWithoutTtl())));
    out.append("## Memory by remaining TTL\n\n");
    table(a.ttls(), List.of("db", "TTL", "keys", "memory", "share"),
        t -> List.of(String.valueOf(t.db()), t.bucket(), count(t.keys(), t.keysLow(), t.keysHigh(), DASH),
            ReportFormat.bytes(t.bytes(), t.bytesLow(), t.bytesHigh(), DASH), share(t.bytes(), a.bytes())));
    whatIfs(a.whatIfs());
  }

  private void whatIfs(List<Report.WhatIfRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    out.append("## Threshold what-ifs\n\n");
    out.append(escape("Keys that would convert to the compact encoding, and the memory they would free, if a"
        + " threshold were raised and the keys re-encoded (estimated). A compact key is scanned on every lookup and"
        + " rewritten on every insert (O(N)): the last column is about its size at the limit.")).append("\n\n");
    for (Report.WhatIfRow r : rows) {
      out.append("### ").append(code(r.setting(), false)).append(" = ").append(r.current()).append("\n\n");
      out.append(escape(count(r.keysOver()) + " " + r.dataType() + " keys in " + r.fromEncoding() + " over it, "
          + HumanBytes.format(r.bytesOver()) + ".")).append("\n\n");
      if (r.candidates().isEmpty()) {
        out.append(escape("Held back by the value limit: " + HumanBytes.format(r.reclaimableAboveLongest())
            + " would be freed at a value above their longest element (not measured by the sampler)."))
            .append("\n\n");
      } else {
        table(r.candidates(), List.of("value", "basis", "keys converted", "saving", "compact key at limit"),
            c -> List.of(String.valueOf(c.value()), c.basis(), count(c.keys()),
                HumanBytes.format(c.reclaimableBytes()), "~" + HumanBytes.format(c.maxCompactBytes())));
        if (r.keysBeyond() > 0) {
          out.append(escape(count(r.keysBeyond()) + " keys convert at none of these values (over 8x, or elements"
              + " too long).")).append("\n\n");
        }
      }
      r.command().forEach(step -> out.append("1. ").append(code(step, false)).append('\n'));
      out.append('\n');
    }
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** A GitHub table: numbers right-aligned (every column but text ones is numeric here by its header). */
  private static List<String> withFirst(String first, List<String> rest) {
    List<String> out = new java.util.ArrayList<>(rest.size() + 1);
    out.add(first);
    out.addAll(rest);
    return out;
  }

  private <T> void table(List<T> rows, List<String> headers, Function<T, List<String>> cells) {
    table(rows, headers, cells, List.of());
  }

  /** The same, with rows that are not items (a total) after the items, their cells already escaped. */
  private <T> void table(List<T> rows, List<String> headers, Function<T, List<String>> cells,
      List<List<String>> footer) {
    if (rows.isEmpty()) {
      out.append("None.\n\n");
      return;
    }
    out.append("| ").append(String.join(" | ", headers.stream().map(ReportMarkdown::escape).toList()))
        .append(" |\n|");
    headers.forEach(h -> out.append(NUMERIC.contains(h) ? "---:|" : "---|"));
    out.append('\n');
    for (T row : rows) {
      out.append("| ").append(String.join(" | ", cells.apply(row))).append(" |\n");
    }
    footer.forEach(row -> out.append("| ").append(String.join(" | ", row)).append(" |\n"));
    out.append('\n');
  }

  private static final List<String> NUMERIC = List.of("db", "keys", "memory", "share", "elements",
      "estimated saving", "without TTL", "used", "max", "RSS", "peak", "fragmentation", "with TTL", "evicted",
      "keys inspected", "progress", "Redis time taken",
      "value", "keys converted", "saving", "compact key at limit");

  /**
   * Text shown as itself: Markdown punctuation backslash-escaped, {@code <}, {@code >} and {@code &} as entities
   * (GitHub renders inline HTML), {@code |} escaped so that a table cell stays one cell.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (char c : ReportFormat.printable(text).toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\\', '`', '*', '_', '[', ']', '|', '~' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Text in a code span, for keys, commands and config lines: the span's fence is one backtick longer than the
   * longest run of backticks inside, so none can end it early. In a table cell {@code |} is escaped as well:
   * GitHub splits cells before it parses code spans, and shows {@code \|} there as {@code |}.
   */
  static String code(String text, boolean inTable) {
    String safe = ReportFormat.printable(text);
    if (inTable) {
      safe = safe.replace("|", "\\|");
    }
    int longest = 0;
    int run = 0;
    for (char c : safe.toCharArray()) {
      run = c == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    String pad = safe.startsWith("`") || safe.endsWith("`") || safe.isEmpty() ? " " : "";
    return fence + pad + safe + pad + fence;
  }
}

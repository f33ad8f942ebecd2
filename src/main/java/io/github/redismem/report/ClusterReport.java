package io.github.redismem.report;

import io.github.redismem.analysis.ClusterMember;
import io.github.redismem.analysis.ClusterView;
import io.github.redismem.analysis.InstanceFindingDetector;
import io.github.redismem.config.InstanceFindingSettings;
import io.github.redismem.redis.InfoReply;
import io.github.redismem.redis.MemoryState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The report of a Redis Cluster (redis.cluster): the instance section sums the primaries that answered (replicas
 * hold copies), the analysis is the shards' passes merged, and a row per node says what it answered and whether
 * its pass is in the analysis (coverage). Instance findings are each node's own, their titles naming the node.
 * Pure, like {@link ReportBuilder}; there is no growth section (each node's /scrape target has its own passes).
 */
public final class ClusterReport {
  private ClusterReport() {}

  /**
   * @param target the cluster as the exporter was pointed at it (its seed, without credentials)
   */
  public static Report build(String exporterVersion, String target, InstanceFindingSettings findings,
      ClusterView view, Instant generatedAt, boolean partial) {
    List<Report.NodeRow> nodes = new ArrayList<>();
    List<Report.InstanceFindingRow> fired = new ArrayList<>();
    List<Report.Instance> primaries = new ArrayList<>();
    int major = 0;
    for (ClusterMember m : view.members()) {
      MemoryState state = m.state();
      nodes.add(new Report.NodeRow(m.node(), m.role(), m.shard(), state.up(), ClusterView.memory(state, "used_memory"),
          ClusterView.memory(state, "maxmemory"), ClusterView.keys(state), m.samples(),
          m.pass().map(p -> p.keysInspected()).orElse(0L), m.pass().map(p -> p.finishedAt())));
      if (!state.up()) {
        continue;
      }
      InfoReply info = state.info().orElse(InfoReply.parse(""));
      major = major == 0 ? ReportBuilder.majorVersion(info) : major;
      if (m.primary()) {
        primaries.add(ReportBuilder.instance(state, info));
      }
      InstanceFindingDetector.fired(InstanceFindingDetector.evaluate(state, findings, m.pass())).stream()
          .map(ReportBuilder::instanceFinding)
          .map(r -> new Report.InstanceFindingRow(r.finding(), r.title() + " (node " + m.node() + ")", r.bytes(),
              r.evidence(), r.fix()))
          .forEach(fired::add);
    }
    int version = major;
    return new Report(exporterVersion, target, generatedAt, partial, sum(primaries),
        ReportBuilder.sampler(view.sampling(), generatedAt),
        view.sampling().lastPass().map(p -> ReportBuilder.analysis(p, version)), Optional.empty(),
        view.sampling().scope(), Optional.empty(), fired, nodes, Optional.empty(),
        ReportBuilder.estimate(view.sampling(), version));
  }

  /** The primaries' figures added up; the role is {@code cluster}. */
  private static Report.Instance sum(List<Report.Instance> primaries) {
    if (primaries.isEmpty()) {
      return new Report.Instance(false, "", "", "", 0, 0, 0, 0, 0, "", 0, 0, 0, List.of());
    }
    long used = 0;
    long max = 0;
    long rss = 0;
    long peak = 0;
    long keys = 0;
    long expiring = 0;
    long evicted = 0;
    Set<String> doctor = new LinkedHashSet<>();
    for (Report.Instance p : primaries) {
      used += p.usedBytes();
      max += p.maxBytes();
      rss += p.rssBytes();
      peak += p.peakBytes();
      keys += p.keys();
      expiring += p.expiringKeys();
      evicted += p.evictedKeys();
      doctor.addAll(p.doctorIssues());
    }
    // a primary without maxmemory makes the cluster's limit none
    boolean unlimited = primaries.stream().anyMatch(p -> p.maxBytes() == 0);
    Report.Instance first = primaries.get(0);
    return new Report.Instance(true, first.server(), first.version(), "cluster", used, unlimited ? 0 : max, rss,
        peak, used > 0 ? (double) rss / used : 0, first.maxmemoryPolicy(), keys, expiring, evicted,
        List.copyOf(doctor));
  }
}

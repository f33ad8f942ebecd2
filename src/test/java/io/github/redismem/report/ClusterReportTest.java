package io.github.redismem.report;

import static io.github.redismem.report.SampleReports.NODE_A;
import static io.github.redismem.report.SampleReports.NODE_B;
import static io.github.redismem.report.SampleReports.PRIMARY_A;
import static io.github.redismem.report.SampleReports.PRIMARY_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report of a cluster: the primaries summed, a row per node with its coverage, in every format. */
class ClusterReportTest {
  private final Report single = SampleReports.withAllocator();
  private final Report cluster = SampleReports.cluster();

  @Test
  void theInstanceSumsThePrimariesThatAnsweredAndEachNodeIsARow() {
    // one primary answered (the other is down): the sum is its figures, the role is the cluster's
    assertThat(cluster.instance().role()).isEqualTo("cluster");
    assertThat(cluster.instance().usedBytes()).isEqualTo(single.instance().usedBytes());
    assertThat(cluster.instance().keys()).isEqualTo(single.instance().keys());
    assertThat(cluster.nodes()).extracting(Report.NodeRow::node).containsExactly(NODE_A, NODE_B, PRIMARY_A,
        PRIMARY_B);
    Report.NodeRow sampler = cluster.nodes().get(0);
    assertThat(sampler.samples()).isTrue();
    assertThat(sampler.passKeys()).isEqualTo(SampleReports.pass().keysInspected()).isPositive();
    assertThat(sampler.passFinishedAt()).contains(SampleReports.pass().finishedAt());
    assertThat(cluster.nodes().get(1).passKeys()).isEqualTo(1);
    Report.NodeRow down = cluster.nodes().get(3);
    assertThat(down.up()).isFalse();
    assertThat(down.usedBytes()).isZero();
    assertThat(cluster.nodes().get(2).passFinishedAt()).isEmpty();
    // the shards' samplers as one: the worst state, counters summed; the analysis covers both shards
    assertThat(cluster.sampler().state()).isEqualTo("running");
    assertThat(cluster.sampler().keysTotal()).isEqualTo(4020);
    assertThat(cluster.sampler().passesTotal()).isEqualTo(2);
    assertThat(cluster.analysis().get().keysInspected()).isEqualTo(SampleReports.pass().keysInspected() + 1);
    // instance findings are each node's that answered, the node in the title
    assertThat(cluster.instanceFindings()).isNotEmpty()
        .allSatisfy(f -> assertThat(f.title()).matches(".* \\(node 10\\.0\\.0\\.[123]:700[012]\\)"));
  }

  @Test
  void everyFormatShowsTheNodesAndAReportOfOneRedisShowsNone() {
    assertThat(ReportText.render(cluster)).contains("Cluster nodes")
        .containsPattern(PRIMARY_B.replace(".", "\\.") + " +primary +8192-16383 +no ");
    assertThat(ReportMarkdown.render(cluster)).contains("## Cluster nodes")
        .contains("| `" + NODE_A + "` | replica | `0-8191` | yes |");
    Map<?, ?> json = (Map<?, ?>) Json.parse(ReportJson.write(cluster));
    List<?> nodes = (List<?>) json.get("cluster_nodes");
    assertThat(nodes).hasSize(4);
    Map<?, ?> sampler = (Map<?, ?>) nodes.get(0);
    assertThat(sampler.get("node")).isEqualTo(NODE_A);
    assertThat(sampler.get("samples")).isEqualTo(true);
    assertThat(sampler.get("pass_finished_at")).isEqualTo(SampleReports.pass().finishedAt().toString());
    assertThat(((Map<?, ?>) nodes.get(2)).containsKey("pass_finished_at")).isTrue();
    assertThat(((Map<?, ?>) nodes.get(2)).get("pass_finished_at")).isNull();

    assertThat(ReportText.render(single)).doesNotContain("Cluster nodes");
    assertThat(ReportMarkdown.render(single)).doesNotContain("Cluster nodes");
    Map<?, ?> one = (Map<?, ?>) Json.parse(ReportJson.write(single));
    assertThat(one.containsKey("cluster_nodes")).isTrue();
    assertThat(one.get("cluster_nodes")).isNull();
  }
}

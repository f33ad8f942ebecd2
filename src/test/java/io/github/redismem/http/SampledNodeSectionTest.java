package io.github.redismem.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.report.ReportJson;
import io.github.redismem.report.ReportMarkdown;
import io.github.redismem.report.ReportText;
import io.github.redismem.report.SampleReports;
import org.junit.jupiter.api.Test;

/**
 * The node the sampler read (sampling.readFrom) in every rendering of a report: page, text, Markdown and JSON; and
 * nothing of it where no node is named.
 */
class SampledNodeSectionTest {

  @Test
  void everyRenderingNamesTheSampledNode() {
    var report = SampleReports.withAllocator(); // its pass read the replica 10.0.0.2:6379
    assertThat(new ReportPage("/metrics").render(report))
        .contains("<span>sampled node</span><b>10.0.0.2:6379 (replica)</b>");
    assertThat(ReportText.render(report)).contains("sampled node: 10.0.0.2:6379 (replica)\n");
    assertThat(ReportMarkdown.render(report)).contains("Sampled node: 10.0.0.2:6379 (replica)\n");
    assertThat(ReportJson.write(report))
        .contains("\"node\":{\"address\":\"10.0.0.2:6379\",\"role\":\"replica\"}");
  }

  @Test
  void noNodeNoMention() {
    var report = SampleReports.complete();
    assertThat(new ReportPage("/metrics").render(report)).doesNotContain("sampled node");
    assertThat(ReportText.render(report)).doesNotContain("sampled node");
    assertThat(ReportJson.write(report)).contains("\"node\":null");
  }
}

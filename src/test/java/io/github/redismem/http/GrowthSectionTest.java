package io.github.redismem.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.report.SampleGrowth;
import io.github.redismem.report.SampleReports;
import org.junit.jupiter.api.Test;

class GrowthSectionTest {
  private final ReportPage page = new ReportPage("/metrics");

  @Test
  void theSectionComesLastWithEscapedPrefixes() {
    String html = page.render(SampleGrowth.report());
    int growth = html.indexOf("<section id=\"growth\">");
    assertThat(growth).isGreaterThan(html.indexOf("<section id=\"findings\">"));
    assertThat(html).doesNotContain(SampleGrowth.HOSTILE_PREFIX)
        .contains("<code>&lt;img src=x onerror=alert(1)&gt;:</code>", "id=\"growth-growing\"",
            "id=\"growth-shrinking\"", "id=\"growth-encodings\"", "Growth since the previous pass",
            "<td class=\"n\" title=\"80000 bytes\">+78.1 KiB</td>")
        .doesNotContain("99% range");
    assertThat(html.split("<script", -1)).hasSize(2);
  }

  @Test
  void afterOnePassItSaysWhenGrowthWillShowAndBeforeTheFirstNothing() {
    assertThat(page.render(SampleReports.complete())).contains("<section id=\"growth\">",
        "once a second pass has completed");
    assertThat(page.render(SampleReports.firstPassRunning())).doesNotContain("id=\"growth\"");
  }
}

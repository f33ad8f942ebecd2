package io.github.redismem.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.AllocatorStats;
import io.github.redismem.testing.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The allocator section in every rendering, from the captured fragmented 7.0 sample. */
class AllocatorReportTest {

  @Test
  void buildsTheSectionFromTheRead() {
    Report.Allocator a = SampleReports.withAllocator().allocator().orElseThrow();

    assertThat(a.available()).isTrue();
    assertThat(a.ageSeconds().getAsDouble()).isEqualTo(42);
    assertThat(a.allocatedBytes()).isEqualTo(12506144);
    assertThat(a.activeBytes()).isEqualTo(39206912);
    assertThat(a.fragmentationRatio()).isCloseTo(3.135, org.assertj.core.data.Offset.offset(0.001));
    // the sample's slack: 112-byte regions first (16.0 MiB at 25% use), then 16 and 32 bytes
    assertThat(a.sizeClasses()).extracting(Report.SizeClassRow::size).startsWith(112L, 16L, 32L);
    assertThat(a.sizeClasses().get(0).wastedBytes()).isEqualTo(16790368);
    assertThat(a.sizeClasses().get(0).range()).isEqualTo("80-128");
    assertThat(a.binWastedBytes()).isLessThanOrEqualTo(a.activeBytes() - a.allocatedBytes());
    // 25 MiB of slack is under the default active-defrag-ignore-bytes (100 MiB): Redis would not start
    assertThat(a.verdict()).isEqualTo("below_thresholds");
    assertThat(a.explanation()).contains("active-defrag-ignore-bytes");
  }

  @Test
  void rendersItInTextMarkdownJsonAndItsAbsence() {
    Report r = SampleReports.withAllocator();

    assertThat(ReportText.render(r)).contains("\nAllocator (MEMORY MALLOC-STATS, read 42")
        .contains("verdict below_thresholds").contains("80-128");
    assertThat(ReportMarkdown.render(r)).contains("## Allocator").contains("**below\\_thresholds**");
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) ((Map<String, Object>) Json.parse(ReportJson.write(r)))
        .get("allocator");
    assertThat(json).containsEntry("verdict", "below_thresholds").containsEntry("available", true);
    assertThat((List<?>) json.get("size_classes")).isNotEmpty();
    assertThat(IndependentJson.sameAsOurReader(ReportJson.write(r)).at("/allocator/size_classes").isArray()).isTrue();

    Report without = SampleReports.complete();
    assertThat(ReportText.render(without)).doesNotContain("Allocator");
    assertThat(ReportJson.write(without)).contains("\"allocator\":null");
    assertThat(IndependentJson.sameAsOurReader(ReportJson.write(without)).get("allocator").isNull()).isTrue();
  }

  @Test
  void saysWhyWhenThereAreNoStatistics() {
    Report r = new ReportBuilder("1", "t").build(SampleReports.memoryState(), ReportBuilder.SAMPLER_DISABLED,
        SampleReports.NOW, false, Optional.of(AllocatorStats.of("Stats not supported for the current allocator",
            SampleReports.NOW, java.time.Duration.ZERO)));

    Report.Allocator a = r.allocator().orElseThrow();
    assertThat(a.available()).isFalse();
    assertThat(a.verdict()).isEqualTo("unavailable");
    assertThat(ReportText.render(r)).contains("not available: the allocator keeps no statistics");
  }
}

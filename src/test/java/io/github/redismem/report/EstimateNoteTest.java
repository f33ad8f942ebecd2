package io.github.redismem.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The note every rendering puts above a sampled pass's figures. */
class EstimateNoteTest {

  @Test
  void anExactPassNeedsNoNote() {
    Report.Estimation exact = SampleReports.complete().analysis().orElseThrow().estimation();
    assertThat(EstimateNote.clauses(exact)).isEmpty();
    assertThat(EstimateNote.sentence(exact)).isEmpty();
  }

  @Test
  void whatTheCalibrationFoundIsSaid() {
    Report.Estimation unattributed = SampleReports.sampled().analysis().orElseThrow().estimation();
    assertThat(EstimateNote.sentence(unattributed)).isEqualTo("Estimated from a 10% sample of keys "
        + "(docs/sampling.md): ranges are 99% bounds; keys of 64.0 KiB or more counted once at their size; "
        + "3.20 MiB of the 13.5 MiB dataset (used_memory_dataset) unattributed.");
    assertThat(EstimateNote.clauses(new Report.Estimation(true, 0.015, 16_384, true, 1 << 20, 0, 0, true)))
        .containsExactly("Estimated from a 1.5% sample of keys (docs/sampling.md)", "ranges are 99% bounds",
            "keys of 16.0 KiB or more counted once at their size",
            "none of the 1.00 MiB dataset (used_memory_dataset) left unattributed");
    assertThat(EstimateNote.clauses(new Report.Estimation(true, 0.0025, 16_384, false, 0, 0, 0, true)))
        .startsWith("Estimated from a 0.25% sample of keys (docs/sampling.md)")
        .endsWith("not checked against Redis's dataset size, so big keys the sample missed are not counted");
  }
}

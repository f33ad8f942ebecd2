package io.github.redismem.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redismem.analysis.PassScope;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading a saved report back as a baseline: what it keeps, and the error for each kind of bad file. */
class BaselineReportTest {
  private static final String ANALYSIS = "{\"finished_at\":\"2026-01-06T10:00:00Z\",\"keys\":3,\"bytes\":300,"
      + "\"sample_ratio\":1,\"encodings\":[{\"db\":0,\"data_type\":\"string\",\"encoding\":\"raw\",\"keys\":3,"
      + "\"bytes\":300}],\"prefixes\":[{\"db\":0,\"prefix\":\"user\",\"keys\":3,\"bytes\":300}]}";

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("", "not valid JSON: unexpected end of the text at line 1, column 1"),
        Arguments.of("Redis memory report for redis://x", "not valid JSON: expected a value at line 1, column 1"),
        Arguments.of("{\"a\":1,}", "not valid JSON: expected a member name at line 1, column 8"),
        Arguments.of("{\n\"a\": [1, 2\n", "not valid JSON: expected ']' at line 3, column 1"),
        Arguments.of("[]", "not a redis-memory-exporter report: expected a JSON object with \"target\" and "
            + "\"analysis\", as analyze --format=json and /report.json write"),
        Arguments.of("{\"target\":\"t\",\"analysis\":null}", "the report has no analysis (\"analysis\": null): it "
            + "was saved before a pass completed, or with the sampler off"),
        Arguments.of("{\"target\":\"t\",\"analysis\":{\"finished_at\":\"yesterday\"}}",
            "analysis.finished_at: expected an ISO-8601 time, got \"yesterday\""),
        Arguments.of("{\"target\":\"t\",\"analysis\":" + ANALYSIS.replace("\"bytes\":300}]}", "\"bytes\":\"x\"}]}")
            + "}", "analysis.prefixes[0].bytes: expected a number"),
        Arguments.of("{\"target\":\"t\",\"analysis\":" + ANALYSIS.replace("\"keys\":3,\"bytes\":300}]", "\"keys\":-3,"
            + "\"bytes\":300}]") + "}", "analysis.encodings[0].keys: expected a whole number >= 0, got -3.0"),
        Arguments.of("{\"target\":\"t\",\"analysis\":{\"finished_at\":\"2026-01-06T10:00:00Z\",\"encodings\":{}}}",
            "analysis.encodings: expected an array"),
        Arguments.of("{\"target\":\"t\",\"scope\":{\"prefix_delimiters\":\":\"},\"analysis\":" + ANALYSIS + "}",
            "scope.prefix_patterns: expected an array"),
        Arguments.of("[".repeat(100), "not valid JSON: nested deeper than 64 at line 1, column 65"));
  }

  @ParameterizedTest(name = "#{index}")
  @MethodSource("badFiles")
  void aBadFileSaysWhy(String json, String message) {
    assertThatThrownBy(() -> BaselineReport.read(json)).isInstanceOf(BaselineReport.InvalidBaseline.class)
        .hasMessage(message);
  }

  @Test
  void aMinimalReportIsEnoughAndUnknownMembersAreIgnored() throws Exception {
    Growth.Side side = BaselineReport.read("\uFEFF{\"target\":\"redis://x:6379\",\"future\":{\"a\":[1]},"
        + "\"scope\":{\"prefix_delimiters\":\":\",\"prefix_depth\":1,\"prefix_patterns\":[\"^(tenant:\\\\d+)\"],"
        + "\"max_prefixes\":50},\"analysis\":" + ANALYSIS + "}");
    assertThat(side.target()).isEqualTo("redis://x:6379");
    assertThat(side.partial()).isFalse();
    assertThat(side.scope()).contains(new PassScope(":", 1, List.of("^(tenant:\\d+)"), 50));
    assertThat(side.analysis().bytes()).isEqualTo(300);
    assertThat(side.analysis().prefixes()).containsExactly(new Report.PrefixRow(0, "user", 3, 300, 0, 300, 300));
    assertThat(side.analysis().encodings())
        .containsExactly(new Report.EncodingRow(0, "string", "raw", 3, 300, 3, 3, 300, 300));
    assertThat(side.analysis().estimation().sampled()).isFalse();
  }

  @Test
  void aReportWithoutScopeHasNone() throws Exception {
    assertThat(BaselineReport.read("{\"target\":\"t\",\"partial\":true,\"analysis\":" + ANALYSIS + "}"))
        .satisfies(s -> {
          assertThat(s.scope()).isEqualTo(Optional.empty());
          assertThat(s.partial()).isTrue();
        });
  }
}

package io.github.redismem.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One rule per quantity, for the text and Markdown reports and the page alike. {@code numbersReadWell} came from
 * the page's test (http.ReportPageTest), whose own formatting now lives here.
 */
class ReportFormatTest {
  private static final String DASH = ReportFormat.EN_DASH;

  @Test
  void numbersReadWell() {
    assertThat(ReportFormat.bytes(0)).isEqualTo("0 B");
    assertThat(ReportFormat.bytes(1536)).isEqualTo("1.50 KiB");
    assertThat(ReportFormat.bytes(25_772_968)).isEqualTo("24.6 MiB");
    assertThat(ReportFormat.bytes(5L << 40)).isEqualTo("5.00 TiB");
    assertThat(ReportFormat.percent(0.037)).isEqualTo("3.7%");
    assertThat(ReportFormat.percent(0.37)).isEqualTo("37%");
    assertThat(ReportFormat.seconds(4.25)).isEqualTo("4.3 s");
    assertThat(ReportFormat.seconds(7200)).isEqualTo("2.0 h");
    assertThat(ReportFormat.ttl(-1)).isEqualTo("none");
    assertThat(ReportFormat.bytes(12_480_000, 12_480_000, 12_480_000, DASH)).isEqualTo("11.9 MiB");
    assertThat(ReportFormat.bytes(12_480_000, 12_000_000, 13_600_000, DASH)).isEqualTo("11.9 MiB (11.4\u201313.0 MiB)");
    assertThat(ReportFormat.count(2000, 1900, 2100, DASH)).isEqualTo("2,000 (1,900\u20132,100)");
    assertThat(ReportFormat.count(2000, 2000, 2000, DASH)).isEqualTo("2,000");
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"0, 0%", "0.0004, 0%", "0.0005, 0.1%", "0.037, 3.7%", "0.1, 10%", "0.135, 13.5%", "0.37, 37%",
      "0.798, 79.8%", "0.9999, 100%", "1, 100%", "1.5, 150%"})
  void percentagesHaveOneDecimalUnlessWhole(double ratio, String text) {
    assertThat(ReportFormat.percent(ratio)).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0} s is {1}")
  @CsvSource({"0, 0.0 s", "0.42, 0.4 s", "9.94, 9.9 s", "10, 10 s", "42, 42 s", "59.4, 59 s", "60, 1.0 min",
      "210, 3.5 min", "300, 5.0 min", "3599, 60.0 min", "3600, 1.0 h", "7200, 2.0 h", "86400, 1.0 d",
      "273600, 3.2 d"})
  void durationsTakeTheirBiggestSensibleUnit(double seconds, String text) {
    assertThat(ReportFormat.seconds(seconds)).isEqualTo(text);
  }

  @ParameterizedTest(name = "TTL {0} s is {1}")
  @CsvSource({"-1, none", "-2, none", "0, 0.0 s", "40, 40 s", "1500, 25.0 min", "273600, 3.2 d"})
  void ttlsAreDurationsOrNone(long seconds, String text) {
    assertThat(ReportFormat.ttl(seconds)).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"0, 0", "25772968, '25,772,968'", "1.5, 1.50", "1.006, 1.01", "1.004, 1.00", "-3, -3"})
  void evidenceNumbersAreCountsOrDecimals(double v, String text) {
    assertThat(ReportFormat.number(v)).isEqualTo(text);
  }

  @Test
  void ratiosHaveTwoDecimalsAndSharesOfNothingAreADash() {
    assertThat(ReportFormat.decimal(1.4249)).isEqualTo("1.42");
    assertThat(ReportFormat.share(1, 3)).isEqualTo("33.3%");
    assertThat(ReportFormat.share(5, 0)).isEqualTo("-");
  }
}

package io.github.redismem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress display on a fake clock. */
class AnalyzeProgressTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String shown() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private void after(double seconds) {
    now.addAndGet((long) (seconds * 1e9));
  }

  @Test
  void aTerminalGetsOneBarRedrawnInPlace() {
    AnalyzeProgress progress = new AnalyzeProgress(err, true, now::get);
    after(0.1);
    progress.batch(100, 1000, 100);
    assertThat(shown()).isEmpty(); // redrawn at most every 200 ms
    after(0.4);
    progress.batch(250, 1000, 250);
    assertThat(shown()).isEqualTo("\r[#######.......................] 250/1,000 keys (25%), 500 keys/s, ETA 1.5s");
    after(1);
    progress.batch(1000, 1000, 1000);
    progress.finish(false);
    assertThat(shown()).endsWith("\ranalyze: done, 1,000 keys in 1.5s (667 keys/s)\n").doesNotContain("\n\r");
  }

  @Test
  void otherwisePlainLinesEveryFewSeconds() {
    AnalyzeProgress progress = new AnalyzeProgress(err, false, now::get);
    after(1);
    progress.batch(100, 100_000, 100);
    assertThat(shown()).isEmpty();
    after(9);
    progress.batch(20_000, 100_000, 19_000);
    progress.finish(true);
    assertThat(shown()).isEqualTo("""
        analyze: 20,000/100,000 keys (20%), 2,000 keys/s, ETA 40s
        analyze: stopped after 20,000/100,000 keys (20%), 2,000 keys/s, ETA 40s
        """).doesNotContain("\r");
  }

  @Test
  void percentStaysBelowAHundredWhileKeysAreAdded() {
    AnalyzeProgress progress = new AnalyzeProgress(err, false, now::get);
    after(10);
    progress.batch(1200, 1000, 1200);
    assertThat(progress.status(now.get())).isEqualTo("1,200/1,000 keys (99%), 120 keys/s, ETA -");
  }

  @Test
  void durations() {
    assertThat(AnalyzeProgress.duration(3.04)).isEqualTo("3.0s");
    assertThat(AnalyzeProgress.duration(59)).isEqualTo("59s");
    assertThat(AnalyzeProgress.duration(125)).isEqualTo("2m05s");
    assertThat(AnalyzeProgress.duration(3 * 3600 + 7 * 60)).isEqualTo("3h07m");
  }
}

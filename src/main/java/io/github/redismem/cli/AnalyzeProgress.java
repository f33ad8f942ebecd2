package io.github.redismem.cli;

import io.github.redismem.analysis.PassProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * {@code analyze}'s progress on stderr: on a terminal, one bar redrawn in place with {@code \r} (keys done of
 * the DBSIZE counted at the start, keys/s, ETA); otherwise, for logs and CI, a plain line every few seconds.
 */
final class AnalyzeProgress implements PassProgress {
  static final int BAR_WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final long LINE_NANOS = 5_000_000_000L;

  private final PrintStream err;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private long lastShownNanos;
  private int lastWidth;
  private long scanned;
  private long expected = 1;

  AnalyzeProgress(PrintStream err, boolean terminal, LongSupplier nanoTime) {
    this.err = err;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
    this.lastShownNanos = startNanos;
  }

  @Override
  public void batch(long keysScanned, long keysExpected, long keysInspected) {
    scanned = keysScanned;
    expected = Math.max(1, keysExpected);
    long now = nanoTime.getAsLong();
    if (now - lastShownNanos >= (terminal ? REDRAW_NANOS : LINE_NANOS)) {
      lastShownNanos = now;
      show(now);
    }
  }

  /** Ends the display: the bar's last state with a newline, or a final line. */
  void finish(boolean partial) {
    long now = nanoTime.getAsLong();
    if (partial) {
      if (terminal) {
        show(now);
        err.print('\n');
      }
      err.println("analyze: stopped after " + status(now));
    } else {
      if (terminal) {
        err.print("\r" + " ".repeat(lastWidth) + "\r");
      }
      double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
      err.println(String.format(Locale.ROOT, "analyze: done, %,d keys in %s (%,.0f keys/s)", scanned,
          duration(seconds), scanned / seconds));
    }
    err.flush();
  }

  private void show(long now) {
    if (terminal) {
      String text = bar() + " " + status(now);
      // pad over the previous, possibly longer, text: \r only moves the cursor
      err.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
      lastWidth = text.length();
    } else {
      err.println("analyze: " + status(now));
    }
    err.flush();
  }

  private String bar() {
    int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * scanned / expected);
    return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
  }

  /** {@code 12,000/100,000 keys (12%), 8,000 keys/s, ETA 11s}: DBSIZE moves during a pass, so percent caps at 99. */
  String status(long now) {
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    double rate = scanned / seconds;
    long percent = Math.min(99, 100 * scanned / expected);
    String eta = rate > 0 && scanned < expected ? duration((expected - scanned) / rate) : "-";
    return String.format(Locale.ROOT, "%,d/%,d keys (%d%%), %,.0f keys/s, ETA %s", scanned, expected, percent,
        rate, eta);
  }

  static String duration(double seconds) {
    if (seconds < 10) {
      return String.format(Locale.ROOT, "%.1fs", seconds);
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
  }
}

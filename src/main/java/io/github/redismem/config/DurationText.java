package io.github.redismem.config;

import java.time.Duration;

/**
 * Durations as the settings are written ({@code 5s}, {@code 1m}, {@code 1h30m}, {@code 250ms}, {@code 7d}), for
 * logs and {@code --check-config}: {@link Duration#toString()} would print {@code PT1H30M}.
 */
public final class DurationText {
  private DurationText() {}

  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    StringBuilder out = new StringBuilder();
    if (s >= 86_400 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s >= 3600) {
      out.append(s / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      out.append(s % 3600 / 60).append('m');
    }
    if (s % 60 != 0 || s == 0) {
      out.append(s % 60).append('s');
    }
    return out.toString();
  }
}

package io.github.redismem.cli;

import io.github.redismem.config.ConfigException;
import io.github.redismem.config.ValueKind;
import io.github.redismem.report.Growth;
import io.github.redismem.report.GrowthFormat;
import io.github.redismem.report.HumanBytes;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One {@code --fail-on=growth[:BYTES|:PERCENT%]} limit of {@code analyze --baseline}: memory (all databases, the
 * report's {@code analysis.bytes}) may grow since the baseline by at most BYTES, or by at most PERCENT of the
 * baseline's memory; strictly above fails. Without a value, any growth fails that is not within the estimates'
 * error. After sampled passes the estimated change is compared, not its bounds.
 */
record GrowthLimit(OptionalLong maxBytes, OptionalDouble maxRatio) {
  static final String NAME = "growth";

  /** Whether a {@code --fail-on} item is a growth limit rather than a finding. */
  static boolean isGrowth(String item) {
    return item.equals(NAME) || item.startsWith(NAME + ":");
  }

  static GrowthLimit parse(String item) throws ConfigException {
    if (item.equals(NAME)) {
      return new GrowthLimit(OptionalLong.empty(), OptionalDouble.empty());
    }
    String value = item.substring(NAME.length() + 1).strip();
    if (value.endsWith("%")) {
      double percent;
      try {
        percent = Double.parseDouble(value.substring(0, value.length() - 1).strip());
      } catch (NumberFormatException e) {
        percent = Double.NaN;
      }
      if (!(percent >= 0) || Double.isInfinite(percent)) {
        throw new ConfigException("--fail-on", "growth: expected a percentage >= 0 like growth:10%, got \""
            + value + "\"");
      }
      return new GrowthLimit(OptionalLong.empty(), OptionalDouble.of(percent / 100));
    }
    long bytes = ValueKind.BYTES.parseFlag("--fail-on", value);
    return new GrowthLimit(OptionalLong.of(bytes), OptionalDouble.empty());
  }

  /** Why the growth breaks this limit, one line, or empty when it does not. */
  Optional<String> violation(Growth growth) {
    Growth.Change t = growth.total();
    long change = t.bytesChange();
    String grew = String.format(Locale.ROOT, "growth: memory grew %s (%s, from %s to %s) since the baseline",
        GrowthFormat.bytes(change), GrowthFormat.ratio(t), HumanBytes.format(t.bytesBefore()),
        HumanBytes.format(t.bytesAfter()));
    if (maxBytes.isPresent()) {
      return change > maxBytes.getAsLong()
          ? Optional.of(grew + ", over the limit of " + HumanBytes.format(maxBytes.getAsLong())) : Optional.empty();
    }
    if (maxRatio.isPresent()) {
      double limit = maxRatio.getAsDouble() * t.bytesBefore();
      return change > limit ? Optional.of(grew + String.format(Locale.ROOT, ", over the limit of %s%%",
          new java.text.DecimalFormat("0.###", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))
              .format(100 * maxRatio.getAsDouble()))) : Optional.empty();
    }
    return change > 0 && !t.withinError() ? Optional.of(grew + " (limit: none)") : Optional.empty();
  }
}

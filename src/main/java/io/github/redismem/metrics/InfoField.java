package io.github.redismem.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import java.util.List;
import java.util.OptionalDouble;

/** An INFO field with a curated metric: where it is, what it becomes, and how its text turns into base units. */
record InfoField(String section, String field, MetricFamily family, Scale scale) {

  /** How a field's text becomes a value in base units. */
  enum Scale {
    AS_IS, PERCENT, MILLIS;

    OptionalDouble apply(String raw) {
      String text = raw.strip();
      if (this == PERCENT && text.endsWith("%")) {
        text = text.substring(0, text.length() - 1);
      }
      OptionalDouble v = io.github.redismem.redis.InfoReply.parseNumber(text);
      if (v.isEmpty()) {
        return v;
      }
      return switch (this) {
        case AS_IS -> v;
        case PERCENT -> percentToRatio(v.getAsDouble());
        case MILLIS -> OptionalDouble.of(v.getAsDouble() / 1000.0);
      };
    }
  }

  /** 47.48 becomes 0.4748, not 0.47479999999999994: decimal arithmetic keeps the value as Redis printed it. */
  static OptionalDouble percentToRatio(double percent) {
    if (Double.isNaN(percent) || Double.isInfinite(percent)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(java.math.BigDecimal.valueOf(percent).movePointLeft(2).doubleValue());
  }

  static InfoField gauge(String section, String field, String name, String help) {
    return new InfoField(section, field,
        new MetricFamily(name, MetricType.GAUGE, List.of(), help, "INFO " + section + " " + field), Scale.AS_IS);
  }

  static InfoField counter(String section, String field, String name, String help) {
    return new InfoField(section, field,
        new MetricFamily(name, MetricType.COUNTER, List.of(), help, "INFO " + section + " " + field), Scale.AS_IS);
  }

  InfoField scaled(Scale s) {
    return new InfoField(section, field, family, s);
  }
}

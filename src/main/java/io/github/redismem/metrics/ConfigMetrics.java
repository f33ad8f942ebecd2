package io.github.redismem.metrics;

import static io.github.redismem.metrics.MetricCatalog.*;

import io.github.redismem.redis.InfoReply;
import java.util.Map;
import java.util.OptionalDouble;

/** Encoding thresholds and memory settings from CONFIG GET; 7.x listpack names win over 6.2's ziplist names. */
final class ConfigMetrics {
  private ConfigMetrics() {}

  static void add(Map<String, String> config, SnapshotSink sink) {
    if (config.isEmpty()) {
      return;
    }
    for (String type : new String[] {"hash", "zset", "set"}) {
      number(config, type + "-max-listpack-entries", type + "-max-ziplist-entries")
          .ifPresent(v -> sink.add(CONFIG_MAX_ENTRIES, v, type));
      number(config, type + "-max-listpack-value", type + "-max-ziplist-value")
          .ifPresent(v -> sink.add(CONFIG_MAX_VALUE, v, type));
    }
    OptionalDouble listSize = number(config, "list-max-listpack-size", "list-max-ziplist-size");
    listSize.ifPresent(v -> {
      sink.add(CONFIG_LIST_SIZE, v);
      if (v > 0) {
        sink.add(CONFIG_MAX_ENTRIES, v, "list");
      }
    });
    number(config, "set-max-intset-entries").ifPresent(v -> sink.add(CONFIG_INTSET, v));
    number(config, "list-compress-depth").ifPresent(v -> sink.add(CONFIG_LIST_COMPRESS, v));
    number(config, "maxmemory-samples").ifPresent(v -> sink.add(CONFIG_MAXMEMORY_SAMPLES, v));
    String defrag = config.get("activedefrag");
    if (defrag != null) {
      sink.add(CONFIG_ACTIVEDEFRAG, defrag.equalsIgnoreCase("yes") ? 1 : 0);
    }
    number(config, "active-defrag-ignore-bytes").ifPresent(v -> sink.add(CONFIG_DEFRAG_IGNORE, v));
    percent(config, "active-defrag-threshold-lower").ifPresent(v -> sink.add(CONFIG_DEFRAG_LOWER, v));
    percent(config, "active-defrag-threshold-upper").ifPresent(v -> sink.add(CONFIG_DEFRAG_UPPER, v));
    percent(config, "active-defrag-cycle-min").ifPresent(v -> sink.add(CONFIG_DEFRAG_CYCLE_MIN, v));
    percent(config, "active-defrag-cycle-max").ifPresent(v -> sink.add(CONFIG_DEFRAG_CYCLE_MAX, v));
  }

  /** The first of the names that is set and numeric: 7.x names first, then their 6.2 aliases. */
  private static OptionalDouble number(Map<String, String> config, String... names) {
    for (String name : names) {
      String raw = config.get(name);
      if (raw != null) {
        OptionalDouble v = InfoReply.parseNumber(raw.strip());
        if (v.isPresent()) {
          return v;
        }
      }
    }
    return OptionalDouble.empty();
  }

  private static OptionalDouble percent(Map<String, String> config, String name) {
    OptionalDouble v = number(config, name);
    return v.isPresent() ? InfoField.percentToRatio(v.getAsDouble()) : v;
  }
}

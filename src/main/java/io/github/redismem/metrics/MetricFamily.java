package io.github.redismem.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;

/**
 * One metric family as users see it: exposed name (counters with {@code _total}), type, labels, help and the Redis
 * field it comes from. The catalogue of these is the single source for descriptors, snapshots and docs.
 */
public record MetricFamily(String name, MetricType type, List<String> labels, String help, String source) {

  /** The name client_java wants: without {@code _total} for counters and {@code _info} for info metrics. */
  public String modelName() {
    if (type == MetricType.COUNTER && name.endsWith("_total")) {
      return name.substring(0, name.length() - "_total".length());
    }
    if (type == MetricType.INFO && name.endsWith("_info")) {
      return name.substring(0, name.length() - "_info".length());
    }
    return name;
  }

  public Unit unit() {
    String base = modelName();
    if (base.endsWith("_bytes")) {
      return Unit.BYTES;
    }
    if (base.endsWith("_seconds")) {
      return Unit.SECONDS;
    }
    if (base.endsWith("_ratio")) {
      return Unit.RATIO;
    }
    return null;
  }

  public MetricMetadata metadata() {
    return new MetricMetadata(modelName(), help, unit());
  }

  MetricFamilyDescriptor descriptor() {
    return MetricFamilyDescriptor.of(type, metadata(), labels);
  }
}

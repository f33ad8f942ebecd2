package io.github.redismem.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects data points per family during one conversion, then builds the snapshots in catalogue order. */
final class SnapshotSink {
  private record Point(Labels labels, double value) {}

  private final Map<MetricFamily, Map<Labels, Point>> points = new LinkedHashMap<>();

  /** Adds a point; the first value for a family and label set wins, so curated sources can take precedence. */
  void add(MetricFamily family, double value, String... labelValues) {
    if (labelValues.length != family.labels().size()) {
      throw new IllegalArgumentException(family.name() + " takes labels " + family.labels());
    }
    if (family.type() == MetricType.COUNTER && !(value >= 0)) {
      // a broken reply's negative counter (INFO evicted_keys:-1) would make client_java refuse the whole scrape
      return;
    }
    Labels labels = Labels.of(family.labels().toArray(String[]::new), labelValues);
    points.computeIfAbsent(family, f -> new LinkedHashMap<>()).putIfAbsent(labels, new Point(labels, value));
  }

  /** Points of a family so far. */
  int count(MetricFamily family) {
    Map<Labels, Point> data = points.get(family);
    return data == null ? 0 : data.size();
  }

  boolean has(MetricFamily family) {
    return points.containsKey(family);
  }

  MetricSnapshots build(List<MetricFamily> order) {
    List<MetricSnapshot> out = new ArrayList<>();
    for (MetricFamily family : order) {
      Map<Labels, Point> data = points.get(family);
      if (data != null) {
        out.add(snapshot(family, data.values()));
      }
    }
    return new MetricSnapshots(out);
  }

  private static MetricSnapshot snapshot(MetricFamily family, Iterable<Point> data) {
    switch (family.type()) {
      case COUNTER -> {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(family.modelName()).help(family.help());
        if (family.unit() != null) {
          b.unit(family.unit());
        }
        data.forEach(p -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
            .labels(p.labels()).value(p.value()).build()));
        return b.build();
      }
      case INFO -> {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name(family.modelName()).help(family.help());
        data.forEach(p -> b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(p.labels()).build()));
        return b.build();
      }
      default -> {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(family.modelName()).help(family.help());
        if (family.unit() != null) {
          b.unit(family.unit());
        }
        data.forEach(p -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
            .labels(p.labels()).value(p.value()).build()));
        return b.build();
      }
    }
  }
}

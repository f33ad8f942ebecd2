package io.github.redismem.metrics;

import io.github.redismem.analysis.InstanceFinding;
import io.prometheus.metrics.model.registry.MetricType;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The metric families of the instance findings ({@link InstanceFindingView}). */
final class InstanceFindingCatalog {
  private InstanceFindingCatalog() {}

  private static final String SOURCE = "INFO, MEMORY STATS, CONFIG GET; list_compression_off and no_ttl_cache also"
      + " the last pass";

  static final MetricFamily FINDING = new MetricFamily("redismem_instance_finding", MetricType.GAUGE,
      List.of("finding"), "1 if the instance has this problem (" + names() + "), else 0; thresholds under"
          + " instanceFindings.*. Every name is present while Redis answers.", SOURCE);
  static final MetricFamily BYTES = new MetricFamily("redismem_instance_finding_bytes", MetricType.GAUGE,
      List.of("finding"), "The memory each instance finding is about, whether or not it fired: fragmentation bytes,"
          + " swapped bytes, used memory without a limit, per-key overhead, the biggest client output buffer,"
          + " bytes without TTL, quicklist bytes, script cache bytes (docs/metrics.md).", SOURCE);

  static final List<MetricFamily> ALL = List.of(FINDING, BYTES);

  /** The findings' label values, as the help text lists them: from the findings themselves, never retyped. */
  private static String names() {
    return Arrays.stream(InstanceFinding.values()).map(InstanceFinding::label).collect(Collectors.joining(", "));
  }
}

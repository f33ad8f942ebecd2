package io.github.redismem.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import java.util.List;

/** The metric families of the instance findings ({@link InstanceFindingCollector}). */
final class InstanceFindingCatalog {
  private InstanceFindingCatalog() {}

  private static final String SOURCE = "INFO, MEMORY STATS, CONFIG GET; list_compression_off and no_ttl_cache also"
      + " the last pass";

  static final MetricFamily FINDING = new MetricFamily("redismem_instance_finding", MetricType.GAUGE,
      List.of("finding"), "1 if the instance has this problem (fragmentation_high, swapping, maxmemory_unset,"
          + " overhead_dominates, client_buffers_large, no_ttl_cache, list_compression_off, script_cache_large),"
          + " else 0; thresholds under instanceFindings.*. Every name is present while Redis answers.", SOURCE);
  static final MetricFamily BYTES = new MetricFamily("redismem_instance_finding_bytes", MetricType.GAUGE,
      List.of("finding"), "The memory each instance finding is about, whether or not it fired: fragmentation bytes,"
          + " swapped bytes, used memory without a limit, per-key overhead, the biggest client output buffer,"
          + " bytes without TTL, quicklist bytes, script cache bytes (docs/metrics.md).", SOURCE);

  static final List<MetricFamily> ALL = List.of(FINDING, BYTES);
}

package io.github.redismem.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import java.util.List;

/**
 * The metric families read from MEMORY MALLOC-STATS on its own schedule ({@code allocator.interval}). The totals
 * INFO already gives per scrape (allocated, active, resident and their ratios, as
 * {@code redismem_allocator_*_bytes} and {@code redismem_allocator_fragmentation_ratio}) are repeated here only in
 * {@code redismem_allocator_stats_bytes}, whose numbers come from the same read as the size classes.
 */
final class AllocatorCatalog {
  private AllocatorCatalog() {}

  private static final String LAST = " From the last MEMORY MALLOC-STATS read (allocator.interval).";
  private static final String SOURCE = "MEMORY MALLOC-STATS";

  static final MetricFamily AVAILABLE = family("redismem_allocator_stats_available", List.of(),
      "1 if the last MEMORY MALLOC-STATS read gave jemalloc statistics; 0 when refused, timed out, or the allocator "
          + "keeps none (libc malloc): the log and the report say why.");
  static final MetricFamily AGE = family("redismem_allocator_stats_age_seconds", List.of(),
      "Seconds since the last MEMORY MALLOC-STATS read (successful or not); absent before the first.");
  static final MetricFamily READ_DURATION = family("redismem_allocator_stats_read_duration_seconds", List.of(),
      "Client-side time of the last MEMORY MALLOC-STATS read, reply transfer included.");
  static final MetricFamily REPLY_BYTES = family("redismem_allocator_stats_reply_bytes", List.of(),
      "Size of the last MEMORY MALLOC-STATS reply.");
  static final MetricFamily BYTES = family("redismem_allocator_stats_bytes", List.of("kind"),
      "jemalloc totals: allocated (handed to Redis), active (pages of slabs and extents in use), metadata, "
          + "resident, mapped, retained (virtual, not resident)." + LAST);
  static final MetricFamily SIZE_CLASS_ACTIVE = family("redismem_allocator_size_class_active_bytes",
      List.of("size_class"), "Bytes of the slabs in use for small allocations, by size range (8-64 ... "
          + "10240-14336, large for bigger bins)." + LAST);
  static final MetricFamily SIZE_CLASS_WASTED = family("redismem_allocator_size_class_wasted_bytes",
      List.of("size_class"), "Free space inside partly used slabs, by size range: the allocator fragmentation "
          + "active defrag can move." + LAST);
  static final MetricFamily RECLAIMABLE = family("redismem_allocator_defrag_reclaimable_bytes", List.of(),
      "Estimated bytes active defrag could give back: each size class's slab slack less one slab (docs/metrics.md,"
          + " \"Allocator\")." + LAST);

  static final List<MetricFamily> ALL = List.of(AVAILABLE, AGE, READ_DURATION, REPLY_BYTES, BYTES,
      SIZE_CLASS_ACTIVE, SIZE_CLASS_WASTED, RECLAIMABLE);

  private static MetricFamily family(String name, List<String> labels, String help) {
    return new MetricFamily(name, MetricType.GAUGE, labels, help, SOURCE);
  }
}

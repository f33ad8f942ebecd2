package io.github.redismem.http;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The Redis servers {@code /scrape?target=} may read: the metrics of each, or why a target is refused. Kept
 * behind an interface so that the server knows nothing of how targets are connected and sampled.
 */
@FunctionalInterface
public interface ScrapeTargets {
  /** No target but the one of /metrics: every /scrape is refused. */
  ScrapeTargets NONE = target -> new Refused(403, "this exporter serves no targets but the one of /metrics");

  /** The metrics of {@code target} as the client wrote it, or why it is refused. */
  Lookup lookup(String target);

  /** What a lookup found. */
  sealed interface Lookup permits Found, Refused {}

  /** The target's metrics: its registry, collected at each scrape. */
  record Found(PrometheusRegistry registry) implements Lookup {}

  /** An HTTP status (400 for a malformed target, 403 for one not allowed) and the reason, one line. */
  record Refused(int status, String reason) implements Lookup {}
}

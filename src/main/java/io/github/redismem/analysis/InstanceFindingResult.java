package io.github.redismem.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance finding evaluated on one memory state; immutable.
 *
 * @param fired whether the instance has the problem
 * @param bytes the memory the finding is about (docs/metrics.md, {@code redismem_instance_finding_bytes}),
 *     computed whether or not it fired; 0 when unknown
 * @param evidence the numbers the rule looked at, by INFO / MEMORY STATS / CONFIG name where there is one, in the
 *     order the rule reads them; derived values are named for what they are ({@code quicklist_bytes})
 * @param summary why it matters for this instance; empty when not fired
 * @param steps the config lines (values computed for this instance) and commands, in order; empty when not fired
 */
public record InstanceFindingResult(InstanceFinding finding, boolean fired, double bytes,
    Map<String, Double> evidence, String summary, List<String> steps) {
  public InstanceFindingResult {
    evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    steps = List.copyOf(steps);
  }

  static InstanceFindingResult clear(InstanceFinding finding, double bytes, Map<String, Double> evidence) {
    return new InstanceFindingResult(finding, false, bytes, evidence, "", List.of());
  }
}

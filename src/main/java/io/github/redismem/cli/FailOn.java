package io.github.redismem.cli;

import io.github.redismem.analysis.Finding;
import io.github.redismem.analysis.InstanceFinding;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.config.ConfigException;
import io.github.redismem.config.ValueKind;
import io.github.redismem.report.HumanBytes;
import io.github.redismem.report.Report;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * One {@code --fail-on=FINDING[:BYTES]} limit of {@code analyze}. Without BYTES, any key with the finding fails.
 * With BYTES, the finding fails when its measure, summed over all databases, is strictly above BYTES: the
 * estimated reclaimable bytes ({@code redismem_finding_reclaimable_bytes}), except for the findings whose fix frees
 * nothing by itself, {@code big_key} (splitting) and {@code no_ttl} (a TTL on a key meant to live forever), where it
 * is the memory of the keys ({@code redismem_finding_memory_bytes}).
 *
 * <p>An instance finding ({@code fragmentation_high}, {@code maxmemory_unset}...) fails when it fired; with BYTES,
 * when it fired and its bytes ({@code redismem_instance_finding_bytes}) are strictly above BYTES. Exactly one of
 * {@code finding} and {@code instanceFinding} is set.
 */
record FailOn(Finding finding, OptionalLong maxBytes, InstanceFinding instanceFinding) {

  /** A limit on a key finding. */
  FailOn(Finding finding, OptionalLong maxBytes) {
    this(finding, maxBytes, null);
  }

  static FailOn instance(InstanceFinding finding, OptionalLong maxBytes) {
    return new FailOn(null, maxBytes, finding);
  }

  /** Parses the values of every {@code --fail-on} flag, each one limit or several separated by commas. */
  static List<FailOn> parse(List<String> values) throws ConfigException {
    List<FailOn> limits = new ArrayList<>();
    for (String value : values) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          limits.add(parseOne(item.strip()));
        }
      }
    }
    return List.copyOf(limits);
  }

  /** The key findings' names, from their catalogue, for help and errors. */
  static String keyFindingNames() {
    return Arrays.stream(Finding.values()).map(Finding::label).collect(Collectors.joining(", "));
  }

  /** The instance findings' names, from their catalogue. */
  static String instanceFindingNames() {
    return Arrays.stream(InstanceFinding.values()).map(InstanceFinding::label).collect(Collectors.joining(", "));
  }

  private static FailOn parseOne(String item) throws ConfigException {
    int colon = item.indexOf(':');
    String name = colon < 0 ? item : item.substring(0, colon);
    Optional<Finding> finding = Arrays.stream(Finding.values()).filter(f -> f.label().equals(name)).findFirst();
    Optional<InstanceFinding> instance = Arrays.stream(InstanceFinding.values())
        .filter(f -> f.label().equals(name)).findFirst();
    if (finding.isEmpty() && instance.isEmpty()) {
      throw new ConfigException("--fail-on", "unknown finding \"" + name + "\"; expected one of "
          + keyFindingNames() + ", " + instanceFindingNames());
    }
    OptionalLong bytes = colon < 0 ? OptionalLong.empty()
        : OptionalLong.of(ValueKind.BYTES.parseFlag("--fail-on", item.substring(colon + 1)));
    return finding.isPresent() ? new FailOn(finding.get(), bytes) : instance(instance.get(), bytes);
  }

  /** Why the pass or the report breaks this limit, one line, or empty when neither does. */
  Optional<String> violation(PassResult pass, Report report) {
    if (instanceFinding == null) {
      return violation(pass);
    }
    return report.instanceFindings().stream().filter(f -> f.finding().equals(instanceFinding.label()))
        .filter(f -> maxBytes.isEmpty() || f.bytes() > maxBytes.getAsLong()).findFirst()
        .map(f -> instanceFinding.label() + ": " + HumanBytes.format(f.bytes())
            + (maxBytes.isEmpty() ? " (limit: none)" : ", over the limit of " + HumanBytes.format(maxBytes.getAsLong())));
  }

  /** What this limit compares, summed over the databases of the pass. */
  double measure(PassResult pass) {
    return pass.findings().stream().filter(g -> g.finding() == finding)
        .mapToDouble(g -> comparesMemory() ? g.bytes() : g.reclaimableBytes()).sum();
  }

  private boolean comparesMemory() {
    return finding == Finding.BIG_KEY || finding == Finding.NO_TTL;
  }

  /** Why the pass breaks this limit, one line, or empty when it does not. */
  Optional<String> violation(PassResult pass) {
    double keys = pass.findings().stream().filter(g -> g.finding() == finding)
        .mapToDouble(PassResult.FindingGroup::keys).sum();
    String what = switch (finding) {
      case BIG_KEY -> "in big keys";
      case NO_TTL -> "without TTL";
      default -> "reclaimable";
    };
    if (maxBytes.isEmpty()) {
      return keys > 0 ? Optional.of(String.format("%s: %,.0f keys (limit: none)", finding.label(), keys))
          : Optional.empty();
    }
    double measure = measure(pass);
    return measure > maxBytes.getAsLong()
        ? Optional.of(String.format("%s: %s %s in %,.0f keys, over the limit of %s", finding.label(),
            HumanBytes.format(measure), what, keys, HumanBytes.format(maxBytes.getAsLong())))
        : Optional.empty();
  }
}

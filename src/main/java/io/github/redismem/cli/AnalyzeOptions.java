package io.github.redismem.cli;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigException;
import io.github.redismem.config.HelpText;
import io.github.redismem.config.ValueKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the command line asks of {@code analyze}: its own options, declared once for the parser and its help, and
 * the settings it shares with the daemon ({@code line}, loaded by {@link io.github.redismem.config.ConfigLoader}).
 */
record AnalyzeOptions(boolean help, String format, List<FailOn> failOn, CommandLine line, Optional<Path> baseline,
    List<GrowthLimit> growthLimits, Optional<Path> rdb) {
  static final CommandLine.Option<String> FORMAT = new CommandLine.Option<>("format", "text|json|markdown", raw -> {
    if (raw instanceof String s && List.of("text", "json", "markdown").contains(s)) {
      return s;
    }
    throw new ValueKind.Invalid("expected text, json or markdown, got \"" + raw + "\"");
  }, "text (default; tables for a terminal), json (as /report.json) or markdown (GitHub)");
  static final CommandLine.Option<String> FAIL_ON = new CommandLine.Option<>("fail-on", "FINDING[:BYTES],...",
      ValueKind.STRING, "exit 1 when FINDING has any key, or with BYTES (10MiB, 512kb, 1048576) when its estimated "
          + "reclaimable bytes, summed over databases, exceed BYTES (big_key: the big keys' memory). Repeatable or "
          + "comma-separated; also spelled --failOn. Findings: " + FailOn.keyFindingNames() + "; and the instance "
          + "findings (fail when found; with BYTES, when their bytes exceed it): " + FailOn.instanceFindingNames());
  static final CommandLine.Option<Path> BASELINE = new CommandLine.Option<>("baseline", "FILE", raw -> {
    if (!(raw instanceof String s) || s.isBlank()) {
      throw new ValueKind.Invalid("needs a file, like --baseline=before.json");
    }
    return Path.of(s);
  }, "a report saved with --format=json (or /report.json) to compare with: adds what grew since, by prefix, "
      + "data type and encoding. --fail-on=growth:BYTES or growth:N% then exits 1 when memory grew by more than "
      + "BYTES or N% of the baseline's; growth alone, on any growth beyond the estimates' error");
  static final CommandLine.Option<Path> RDB = new CommandLine.Option<>("rdb", "FILE", raw -> {
    if (!(raw instanceof String s) || s.isBlank()) {
      throw new ValueKind.Invalid("needs a file, like --rdb=dump.rdb");
    }
    return Path.of(s);
  }, "an RDB snapshot (a node's dump.rdb, a backup) to analyse instead of a live Redis: the same report, read from "
      + "the file without a single command to Redis, sizes modelled as the Redis that wrote it would hold the keys "
      + "once loaded (docs/snapshots.md). Excludes the redis.* settings on the command line");
  static final List<CommandLine.Option<?>> OPTIONS = List.of(FORMAT, FAIL_ON, BASELINE, RDB);

  static AnalyzeOptions parse(String[] args) throws ConfigException {
    CommandLine line = CommandLine.parse(OPTIONS, args);
    String format = line.value(FORMAT).orElse("text");
    Optional<Path> baseline = line.value(BASELINE);
    // growth limits share --fail-on with the findings' limits
    List<String> findingLimits = new ArrayList<>();
    List<GrowthLimit> growthLimits = new ArrayList<>();
    for (String value : line.texts(FAIL_ON)) {
      for (String item : value.split(",")) {
        if (GrowthLimit.isGrowth(item.strip())) {
          growthLimits.add(GrowthLimit.parse(item.strip()));
        } else {
          findingLimits.add(item);
        }
      }
    }
    if (!growthLimits.isEmpty() && baseline.isEmpty()) {
      throw new ConfigException("--fail-on", "growth needs a report to compare with: add --baseline=FILE");
    }
    Optional<Path> rdb = line.value(RDB);
    if (rdb.isPresent()) {
      List<String> redisFlags = line.settings().keySet().stream().filter(path -> path.startsWith("redis."))
          .map(path -> line.flags().get(path)).sorted().toList();
      if (!redisFlags.isEmpty()) {
        throw new ConfigException("--rdb", "reads a snapshot file and connects to no Redis, so it cannot be combined "
            + "with " + String.join(", ", redisFlags) + ": drop one or the other");
      }
    }
    return new AnalyzeOptions(line.help(), format, FailOn.parse(findingLimits), line, baseline,
        List.copyOf(growthLimits), rdb);
  }

  /** analyze's --help: its options, exit codes, and the settings it reads, with its own defaults. */
  static String usage(String version) {
    StringBuilder out = new StringBuilder();
    out.append("redis-memory-exporter ").append(version).append('\n')
        .append("Runs one pass over the keyspace and prints the memory report.\n\n")
        .append("Usage: redis-memory-exporter analyze [--format=text|json|markdown]\n")
        .append("           [--fail-on=FINDING[:BYTES],...] [--baseline=FILE [--fail-on=growth[:BYTES|:N%]]]\n")
        .append("           [--rdb=FILE]\n")
        .append("           [--config.file=FILE] [--SETTING=VALUE ...]\n\n");
    for (CommandLine.Option<?> option : OPTIONS) {
      HelpText.entry(out, option.flag() + "=" + option.value(), option.help());
    }
    HelpText.entry(out, "--help, -h, help", "This text");
    out.append('\n');
    HelpText.wrap(out, "", "Progress goes to stderr, the report to stdout. Exit codes: 0 done, 1 a --fail-on limit "
        + "exceeded, 2 bad settings, a bad --baseline file or Redis unreachable, 130 stopped by Ctrl-C (the partial "
        + "report is still printed).");
    HelpText.wrap(out, "", "analyze takes at most 25% of Redis's time unless sampling.maxRedisTimeRatio is set "
        + "(daemon: 1%), logs warnings only unless log.level is set, and samples the node sampling.readFrom "
        + "chooses (a replica where one is online), a primary too whatever sampling.onPrimary says.");
    out.append('\n').append(HelpText.settings(s -> !s.daemonOnly(), AnalyzeCommand.DEFAULTS));
    return out.toString();
  }
}

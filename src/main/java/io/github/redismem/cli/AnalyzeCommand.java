package io.github.redismem.cli;

import io.github.redismem.analysis.KeySampler;
import io.github.redismem.analysis.SinglePass;
import io.github.redismem.config.CommandLine;
import io.github.redismem.config.HelpText;
import io.github.redismem.config.ValueKind;
import io.github.redismem.config.ConfigException;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.config.RedisUriText;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.redis.AllocatorReader;
import io.github.redismem.redis.AllocatorStats;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStateReader;
import io.github.redismem.redis.RedisSession;
import io.github.redismem.redis.SamplingException;
import io.github.redismem.report.Report;
import io.github.redismem.report.ReportBuilder;
import io.github.redismem.report.ReportJson;
import io.github.redismem.report.ReportMarkdown;
import io.github.redismem.report.ReportText;
import io.github.redismem.report.BaselineReport;
import io.github.redismem.report.Growth;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code analyze}: one pass over the keyspace with the daemon's settings, progress on stderr, the report on
 * stdout, and an exit code a CI pipeline can act on (docs/configuration.md, "analyze").
 */
public final class AnalyzeCommand {
  public static final int OK = 0;
  public static final int FINDING_OVER_LIMIT = 1;
  public static final int CANNOT_RUN = 2;
  /** 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C; the report is printed, marked partial. */
  public static final int INTERRUPTED = 130;
  /**
   * Defaults that differ from the daemon's. Someone is waiting for a one-shot run, so it may take a quarter of
   * Redis's time instead of 1% (about 25 times faster; --sampling.max-redis-time-ratio=0.01 restores the
   * daemon's pace); and only warnings are logged, so that log lines do not break the progress bar.
   */
  static final Map<String, String> DEFAULTS = Map.of("sampling.maxRedisTimeRatio", "0.25", "log.level", "warn");
  private static final String NAME = "redis-memory-exporter analyze: ";

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
  private static final List<CommandLine.Option<?>> OPTIONS = List.of(FORMAT, FAIL_ON, BASELINE);

  private AnalyzeCommand() {}

  /** What the command line asks of analyze: its own options, and the settings it shares with the daemon. */
  record Options(boolean help, String format, List<FailOn> failOn, CommandLine line, Optional<Path> baseline,
      List<GrowthLimit> growthLimits) {
    static Options parse(String[] args) throws ConfigException {
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
      return new Options(line.help(), format, FailOn.parse(findingLimits), line, baseline,
          List.copyOf(growthLimits));
    }
  }

  /**
   * Runs the command and returns its exit code.
   *
   * @param terminal whether stderr is a terminal, for a redrawn progress bar rather than lines
   * @param stop becomes true when the user asks to stop (Ctrl-C): the pass ends and its report is printed
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
      boolean terminal, BooleanSupplier stop) {
    BuildInfo build = BuildInfo.load();
    Options options;
    ExporterConfig config;
    try {
      options = Options.parse(args);
      if (options.help()) {
        out.print(usage(build.version()));
        return OK;
      }
      config = ConfigLoader.load(options.line(), env, DEFAULTS);
    } catch (ConfigException e) {
      err.println(NAME + e.getMessage());
      return CANNOT_RUN;
    }
    // read before connecting: a bad baseline must not cost a pass over the keyspace
    Optional<Growth.Side> baseline = Optional.empty();
    if (options.baseline().isPresent()) {
      try {
        baseline = Optional.of(readBaseline(options.baseline().get()));
      } catch (BaselineReport.InvalidBaseline e) {
        err.println(NAME + "--baseline " + options.baseline().get() + ": " + e.getMessage());
        return CANNOT_RUN;
      }
    }
    LogSetup.configure(config.log(), err);
    // analyze is asked for explicitly: it samples a primary too, and ignores sampling.enabled and .interval
    SamplingSettings sampling = config.sampling().withEnabled(true).withOnPrimary(true);
    try (RedisSession session = new RedisSession(config.redis());
        MemoryStateReader memory = session.memoryStateReader()) {
      String target = memory.target();
      KeyspaceReader keyspace = session.keyspaceReader(sampling.luaScripts());
      long keys;
      try {
        keys = keyspace.server().keysPerDb().values().stream().mapToLong(Long::longValue).sum();
      } catch (SamplingException e) {
        keyspace.close();
        err.println(NAME + "cannot reach Redis at " + target + ": " + redacted(rootMessage(e), config));
        return CANNOT_RUN;
      }
      err.printf("analyze: %s, %,d keys, at most %.0f%% of Redis's time (sampling.maxRedisTimeRatio)%n", target,
          keys, 100 * sampling.maxRedisTimeRatio());
      try (KeySampler sampler = new KeySampler(keyspace, sampling, config.thresholds())) {
        AnalyzeProgress progress = new AnalyzeProgress(err, terminal, System::nanoTime);
        Optional<SinglePass> pass;
        try {
          pass = sampler.runOnce(progress, stop);
        } catch (IllegalStateException e) {
          err.println();
          err.println(NAME + "the pass failed on " + target + ": " + redacted(e.getMessage(), config));
          return CANNOT_RUN;
        }
        boolean partial = pass.map(SinglePass::partial).orElse(true);
        progress.finish(partial);
        MemoryState state = memory.read();
        Optional<AllocatorStats> allocator = Optional.empty();
        if (config.allocator().enabled()) {
          try (AllocatorReader reads = session.allocatorReader()) {
            allocator = Optional.of(reads.read());
          }
        }
        Report report = new ReportBuilder(build.version(), target, config.instanceFindings()).build(state,
            sampler.status(), Instant.now(), partial, allocator);
        if (baseline.isPresent() && report.asGrowthSide().isPresent()) {
          report = report.withGrowth(Optional.of(Growth.compare(Growth.BASELINE, baseline.get(),
              report.asGrowthSide().get())));
        }
        out.print(render(options.format(), report));
        out.flush();
        if (partial) {
          err.println("analyze: stopped before the end: the report covers the keys seen so far; --fail-on not "
              + "checked");
          return INTERRUPTED;
        }
        int code = failures(options.failOn(), pass.get(), report, err);
        return Math.max(code, growthFailures(options.growthLimits(), report.growth(), err));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return INTERRUPTED;
    }
  }

  private static int failures(List<FailOn> limits, SinglePass pass, Report report, PrintStream err) {
    int code = OK;
    for (FailOn limit : limits) {
      Optional<String> violation = limit.violation(pass.result(), report);
      if (violation.isPresent()) {
        err.println("analyze: --fail-on " + violation.get());
        code = FINDING_OVER_LIMIT;
      }
    }
    return code;
  }

  private static int growthFailures(List<GrowthLimit> limits, Optional<Growth> growth, PrintStream err) {
    int code = OK;
    for (GrowthLimit limit : limits) {
      Optional<String> violation = growth.flatMap(limit::violation);
      if (violation.isPresent()) {
        err.println("analyze: --fail-on " + violation.get());
        code = FINDING_OVER_LIMIT;
      }
    }
    return code;
  }

  /** A saved JSON report, as the earlier side of the growth section. */
  private static Growth.Side readBaseline(Path file) throws BaselineReport.InvalidBaseline {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new BaselineReport.InvalidBaseline("no such file");
    } catch (MalformedInputException e) {
      throw new BaselineReport.InvalidBaseline("not UTF-8 text: expected a JSON report (analyze --format=json)");
    } catch (IOException e) {
      throw new BaselineReport.InvalidBaseline("cannot read it: " + e);
    }
    return BaselineReport.read(json);
  }

  static String render(String format, Report report) {
    return switch (format) {
      case "json" -> ReportJson.write(report) + "\n";
      case "markdown" -> ReportMarkdown.render(report);
      default -> ReportText.render(report);
    };
  }

  /** The innermost message (Connection refused, NOAUTH ...), not the wrappers' class names around it. */
  static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }

  /** Lettuce's messages name host and port only, but a password must never reach a terminal or CI log. */
  private static String redacted(String message, ExporterConfig config) {
    String text = String.valueOf(message);
    if (config.redis().password().isPresent()) {
      text = text.replace(config.redis().password().reveal(), "<redacted>");
    }
    return RedisUriText.redact(text);
  }

  /** analyze's --help: its options, exit codes, and the settings it reads, with its own defaults. */
  static String usage(String version) {
    StringBuilder out = new StringBuilder();
    out.append("redis-memory-exporter ").append(version).append('\n')
        .append("Runs one pass over the keyspace and prints the memory report.\n\n")
        .append("Usage: redis-memory-exporter analyze [--format=text|json|markdown]\n")
        .append("           [--fail-on=FINDING[:BYTES],...] [--baseline=FILE [--fail-on=growth[:BYTES|:N%]]]\n")
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
        + "(daemon: 1%), logs warnings only unless log.level is set, and samples primaries whatever "
        + "sampling.onPrimary says.");
    out.append('\n').append(HelpText.settings(s -> !s.daemonOnly(), DEFAULTS));
    return out.toString();
  }
}

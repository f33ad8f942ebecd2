package io.github.redismem;

import io.github.redismem.analysis.KeySampler;
import io.github.redismem.analysis.SinglePass;
import io.github.redismem.config.CommandLine;
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
final class AnalyzeCommand {
  static final int OK = 0;
  static final int FINDING_OVER_LIMIT = 1;
  static final int CANNOT_RUN = 2;
  /** 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C; the report is printed, marked partial. */
  static final int INTERRUPTED = 130;
  /**
   * Defaults that differ from the daemon's. Someone is waiting for a one-shot run, so it may take a quarter of
   * Redis's time instead of 1% (about 25 times faster; --sampling.max-redis-time-ratio=0.01 restores the
   * daemon's pace); and only warnings are logged, so that log lines do not break the progress bar.
   */
  static final Map<String, String> DEFAULTS = Map.of("sampling.maxRedisTimeRatio", "0.25", "log.level", "warn");
  private static final String NAME = "redis-memory-exporter analyze: ";

  private AnalyzeCommand() {}

  /** What the command line asks of analyze, besides the settings it shares with the daemon. */
  record Options(boolean help, String format, List<FailOn> failOn, String[] settings, Optional<Path> baseline,
      List<GrowthLimit> growthLimits) {
    static Options parse(String[] args) throws ConfigException {
      boolean help = false;
      String format = "text";
      List<String> failOn = new ArrayList<>();
      List<String> settings = new ArrayList<>();
      Optional<Path> baseline = Optional.empty();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        boolean own = name.equals("--format") || name.equals("--fail-on") || name.equals("--failOn")
            || name.equals("--baseline");
        if (arg.equals("--help") || arg.equals("-h")) {
          help = true;
        } else if (own) {
          String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
              : i + 1 < args.length ? args[++i] : null;
          if (value == null) {
            throw new ConfigException(name, "needs a value, like " + name + "=VALUE");
          }
          if (name.equals("--format")) {
            format = value;
          } else if (name.equals("--baseline")) {
            if (value.isBlank()) {
              throw new ConfigException(name, "needs a file, like --baseline=before.json");
            }
            baseline = Optional.of(Path.of(value));
          } else {
            failOn.add(value);
          }
        } else {
          settings.add(arg);
        }
      }
      if (!List.of("text", "json", "markdown").contains(format)) {
        throw new ConfigException("--format", "expected text, json or markdown, got \"" + format + "\"");
      }
      // growth limits share --fail-on with the findings' limits
      List<String> findingLimits = new ArrayList<>();
      List<GrowthLimit> growthLimits = new ArrayList<>();
      for (String value : failOn) {
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
      return new Options(help, format, FailOn.parse(findingLimits), settings.toArray(String[]::new), baseline,
          List.copyOf(growthLimits));
    }
  }

  /**
   * Runs the command and returns its exit code.
   *
   * @param terminal whether stderr is a terminal, for a redrawn progress bar rather than lines
   * @param stop becomes true when the user asks to stop (Ctrl-C): the pass ends and its report is printed
   */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal,
      BooleanSupplier stop) {
    BuildInfo build = BuildInfo.load();
    Options options;
    ExporterConfig config;
    try {
      options = Options.parse(args);
      if (options.help()) {
        out.print(usage(build.version()));
        return OK;
      }
      config = ConfigLoader.load(CommandLine.parse(options.settings()), env, DEFAULTS);
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
    SamplingSettings s = config.sampling();
    // analyze is asked for explicitly: it samples a primary too, and ignores sampling.enabled and .interval
    SamplingSettings sampling = new SamplingSettings(true, s.interval(), s.maxKeysPerSecond(), s.maxRedisTimeRatio(),
        s.sampleRatio(), s.memoryUsageSamples(), s.topKeys(), s.prefixDelimiters(), s.prefixDepth(),
        s.prefixPatterns(), s.maxPrefixes(), s.bigKeyBytes(), s.smallStringsMinKeys(), true, s.maxBatchKeys(),
        s.luaScripts());
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

  static String usage(String version) {
    String settings = CommandLine.usage(version);
    return "redis-memory-exporter " + version + "\n"
        + "Runs one pass over the keyspace and prints the memory report.\n\n"
        + "Usage: java -jar redis-memory-exporter.jar analyze [--format=text|json|markdown]\n"
        + "           [--fail-on=FINDING[:BYTES],...] [--baseline=FILE [--fail-on=growth[:BYTES|:N%]]]\n"
        + "           [--config.file=FILE] [--SETTING=VALUE ...]\n\n"
        + "  --format     text (default; tables for a terminal), json (as /report.json) or markdown (GitHub)\n"
        + "  --fail-on    exit 1 when FINDING has any key, or with BYTES (10MiB, 512kb, 1048576) when its\n"
        + "               estimated reclaimable bytes, summed over databases, exceed BYTES (big_key: the big\n"
        + "               keys' memory). Repeatable or comma-separated. Findings: hash_hashtable_under_limit,\n"
        + "               zset_skiplist_near_limit, set_hashtable_under_limit, string_json_blob, no_ttl,\n"
        + "               small_strings_groupable, big_key, long_key_names, compressible_strings; and the\n"
        + "               instance findings (fail when found; with\n"
        + "               BYTES, when their bytes exceed it): fragmentation_high, swapping, maxmemory_unset,\n"
        + "               overhead_dominates, client_buffers_large, no_ttl_cache, list_compression_off,\n"
        + "               script_cache_large\n"
        + "  --baseline   a report saved with --format=json (or /report.json) to compare with: adds what grew\n"
        + "               since, by prefix, data type and encoding. --fail-on=growth:BYTES or growth:N% then\n"
        + "               exits 1 when memory grew by more than BYTES or N% of the baseline's; growth alone,\n"
        + "               on any growth beyond the estimates' error\n\n"
        + "Progress goes to stderr, the report to stdout. Exit codes: 0 done, 1 a --fail-on limit exceeded,\n"
        + "2 bad settings, a bad --baseline file or Redis unreachable, 130 stopped by Ctrl-C (the partial report is still printed).\n"
        + "analyze takes at most 25% of Redis's time unless sampling.maxRedisTimeRatio is set (daemon: 1%),\n"
        + "logs warnings only unless log.level is set, and samples primaries whatever sampling.onPrimary says.\n\n"
        + settings.substring(settings.indexOf("Settings"));
  }
}

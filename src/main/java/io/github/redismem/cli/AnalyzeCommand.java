package io.github.redismem.cli;

import io.github.redismem.analysis.KeySampler;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SinglePass;
import io.github.redismem.config.ConfigException;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.config.RedisUriText;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.redis.AllocatorReader;
import io.github.redismem.redis.AllocatorStats;
import io.github.redismem.redis.NodeSelector;
import io.github.redismem.redis.ServerView;
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

  private AnalyzeCommand() {}

  /**
   * Runs the command and returns its exit code.
   *
   * @param terminal whether stderr is a terminal, for a redrawn progress bar rather than lines
   * @param stop becomes true when the user asks to stop (Ctrl-C): the pass ends and its report is printed
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
      boolean terminal, BooleanSupplier stop) {
    BuildInfo build = BuildInfo.load();
    AnalyzeOptions options;
    ExporterConfig config;
    try {
      options = AnalyzeOptions.parse(args);
      if (options.help()) {
        out.print(AnalyzeOptions.usage(build.version()));
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
    if (options.rdb().isPresent()) {
      return SnapshotAnalysis.run(options.rdb().get(), options, config, build.version(), baseline, out, err, stop);
    }
    // analyze is asked for explicitly: it samples a primary where sampling.readFrom finds no replica (so it always
    // samples something), and ignores sampling.enabled and .interval
    SamplingSettings sampling = config.sampling().withEnabled(true).withOnPrimary(true);
    if (config.redis().cluster()) {
      return cluster(options, config, sampling, build, baseline, out, err, terminal, stop);
    }
    try (RedisSession session = new RedisSession(config.redis());
        MemoryStateReader memory = session.memoryStateReader()) {
      String target = memory.target();
      NodeSelector nodes = session.nodeSelector(sampling.luaScripts(), sampling.readFrom());
      long keys;
      String node;
      NodeSelector.Choice choice;
      try {
        choice = nodes.choose();
      } catch (SamplingException e) {
        nodes.close();
        err.println(NAME + "cannot reach Redis at " + target + ": " + redacted(rootMessage(e), config));
        return CANNOT_RUN;
      }
      try {
        ServerView server = choice.reader().server();
        keys = server.keysPerDb().values().stream().mapToLong(Long::longValue).sum();
        node = choice.node() + (server.primary() ? ", a primary" : ", a replica");
      } catch (SamplingException e) {
        nodes.close();
        // the node to sample is not redis.addr where sampling.readFrom chose a replica (or the primary)
        err.println(NAME + "cannot reach " + choice.node() + ", the node to sample (sampling.readFrom="
            + sampling.readFrom().label() + "): " + redacted(rootMessage(e), config));
        return CANNOT_RUN;
      }
      err.printf("analyze: %s, sampling %s (sampling.readFrom=%s), %,d keys, at most %.0f%% of Redis's time "
          + "(sampling.maxRedisTimeRatio)%n", target, node, sampling.readFrom().label(), keys,
          100 * sampling.maxRedisTimeRatio());
      try (KeySampler sampler = new KeySampler(nodes, sampling, config.thresholds())) {
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
        return conclude(options, baseline, report, partial ? Optional.empty() : pass.map(SinglePass::result),
            "stopped before the end: the report covers the keys seen so far", INTERRUPTED, out, err);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return INTERRUPTED;
    }
  }

  /** analyze of a Redis Cluster: a pass per shard, one merged report ({@link ClusterAnalysis}). */
  private static int cluster(AnalyzeOptions options, ExporterConfig config, SamplingSettings sampling,
      BuildInfo build, Optional<Growth.Side> baseline, PrintStream out, PrintStream err, boolean terminal,
      BooleanSupplier stop) {
    try (RedisSession session = new RedisSession(config.redis())) {
      AnalyzeProgress progress = new AnalyzeProgress(err, terminal, System::nanoTime);
      ClusterAnalysis.Outcome outcome;
      try {
        outcome = ClusterAnalysis.run(session, config, sampling, build.version(), progress, err, stop);
      } catch (ClusterAnalysis.CannotRun e) {
        err.println(NAME + redacted(e.getMessage(), config));
        return CANNOT_RUN;
      }
      progress.finish(outcome.partial());
      return conclude(options, baseline, outcome.report(), outcome.partial() ? Optional.empty() : outcome.pass(),
          "some shard's pass was stopped or failed, or no node could sample it (see above): the report covers "
              + "the keys seen", stop.getAsBoolean() ? INTERRUPTED : CANNOT_RUN, out, err);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return INTERRUPTED;
    }
  }

  /**
   * Prints the report (with the growth since the baseline) and returns the exit code.
   *
   * @param complete the pass, when it covered every key; empty for a partial report, which --fail-on cannot judge
   * @param partialWhy what to tell the user about a partial report
   * @param partialCode the exit code of a partial report: {@link #INTERRUPTED} when the user stopped it
   */
  static int conclude(AnalyzeOptions options, Optional<Growth.Side> baseline, Report report,
      Optional<PassResult> complete, String partialWhy, int partialCode, PrintStream out, PrintStream err) {
    if (baseline.isPresent() && report.asGrowthSide().isPresent()) {
      report = report.withGrowth(Optional.of(Growth.compare(Growth.BASELINE, baseline.get(),
          report.asGrowthSide().get())));
    }
    out.print(render(options.format(), report));
    out.flush();
    if (complete.isEmpty()) {
      err.println("analyze: " + partialWhy + "; --fail-on not checked");
      return partialCode;
    }
    int code = failures(options.failOn(), complete.get(), report, err);
    return Math.max(code, growthFailures(options.growthLimits(), report.growth(), err));
  }

  private static int failures(List<FailOn> limits, PassResult pass, Report report, PrintStream err) {
    int code = OK;
    for (FailOn limit : limits) {
      Optional<String> violation = limit.violation(pass, report);
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
}

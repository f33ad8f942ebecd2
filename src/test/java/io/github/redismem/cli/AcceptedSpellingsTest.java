package io.github.redismem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.config.KeyNameSettings;
import io.github.redismem.config.ReadFrom;
import io.github.redismem.config.RedisSettings;
import io.github.redismem.config.SampleSource;
import io.github.redismem.config.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users' configs and scripts keep working: src/test/resources/accepted-spellings.txt was generated once, from the
 * code before issue 12 changed the settings and the parser, with every flag spelling (camel, kebab and snake case,
 * {@code --x=v} and {@code --x v}), environment variable and YAML key it accepted, each with what it then meant
 * (the record it set, as text). Every line must still be accepted and mean the same.
 */
class AcceptedSpellingsTest {
  @TempDir
  Path dir;

  @Test
  void everySpellingAcceptedBeforeIsAcceptedWithTheSameMeaning() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/accepted-spellings.txt"));
    assertThat(lines).hasSizeGreaterThan(400);
    for (String line : lines) {
      String[] fields = line.split("\t");
      String[] args = Arrays.copyOfRange(fields, 1, fields.length - 1);
      String meaning = unescape(fields[fields.length - 1]);
      assertThat(meaningOf(fields[0], args, meaning)).as(line).isEqualTo(meaning);
    }
  }

  private String meaningOf(String kind, String[] args, String expected) throws Exception {
    switch (kind) {
      case "daemon" -> {
        CommandLine cli = CommandLine.parse(args);
        if (expected.startsWith("help=")) {
          return "help=" + cli.help() + " version=" + cli.version() + " checkConfig=" + cli.checkConfig()
              + " configFile=" + cli.configFile().orElse("");
        }
        return section(ConfigLoader.load(cli, Map.of()), expected);
      }
      case "env" -> {
        String[] pair = args[0].split("=", 2);
        return section(ConfigLoader.load(CommandLine.parse(), Map.of(pair[0], pair[1])), expected);
      }
      case "yaml" -> {
        Path file = Files.writeString(dir.resolve("config.yml"), unescape(args[0]));
        return section(ConfigLoader.load(CommandLine.parse("--config.file=" + file), Map.of()), expected);
      }
      case "analyze" -> {
        AnalyzeOptions o = AnalyzeOptions.parse(args);
        ExporterConfig c = ConfigLoader.load(o.line(), Map.of(), AnalyzeCommand.DEFAULTS);
        return "help=" + o.help() + " format=" + o.format() + " failOn=" + o.failOn() + " baseline="
            + o.baseline().map(Path::toString).orElse("") + " growth=" + o.growthLimits() + " sampling="
            + sampling(c) + " redis=" + frozenShape(c.redis()) + " log=" + c.log();
      }
      default -> throw new IllegalArgumentException(kind);
    }
  }

  /**
   * The sampling settings as before sampling.keyNames (issue 13), sampling.readFrom (issue 14),
   * sampling.maxRedisTimePerCall (issue 15) and sampling.source with sampling.rdbFile (issue 16) were added, when
   * they are at their defaults. The default of sampling.maxRedisTimeRatio changed (issue 15: 0.01 to 0.001, for
   * client p99): a line that does not set it meant the default then, and means the default now; no line sets 0.001.
   */
  private static String sampling(ExporterConfig c) {
    return c.sampling().toString().replace("maxRedisTimeRatio=0.001,", "maxRedisTimeRatio=0.01,")
        .replace(", source=" + SampleSource.SCAN + "]", "]")
        .replace(", maxRedisTimePerCall=" + java.time.Duration.ofMillis(1) + "]", "]")
        .replace(", readFrom=" + ReadFrom.REPLICA + "]", "]")
        .replace(", keyNames=" + KeyNameSettings.FULL + "]", "]");
  }

  /**
   * RedisSettings as the record printed itself when the file was made; settings added since (redis.tls,
   * redis.passwordMapFile, redis.renamedCommands) must then be at their defaults, or the text says so and the comparison fails.
   */
  private static String frozenShape(RedisSettings r) {
    boolean newOnesAtDefault = r.tls().equals(TlsSettings.none()) && r.passwordMapFile().isEmpty()
        && r.renamedCommands().names().isEmpty() && !r.cluster()
        && r.sentinel().equals(io.github.redismem.config.SentinelCredentials.none());
    return "RedisSettings[addr=" + r.addr() + ", user=" + r.user() + ", password=" + r.password()
        + ", passwordFile=" + r.passwordFile() + ", timeout=" + r.timeout() + "]"
        + (newOnesAtDefault ? "" : " (and settings added since)");
  }

  /** The settings record the frozen meaning shows, rendered the same way (the password revealed, to compare). */
  private static String section(ExporterConfig c, String expected) {
    String record = expected.substring(0, expected.indexOf('['));
    return switch (record) {
      case "RedisSettings" -> frozenShape(c.redis()) + " password=" + c.redis().password().reveal();
      // web.allowAnyTarget (issue 14) came after the file; at its default it leaves the frozen text as it was
      case "WebSettings" -> c.web().toString().replace(", allowAnyTarget=false]", "]");
      case "LogSettings" -> c.log().toString();
      case "SamplingSettings" -> sampling(c);
      case "ThresholdSettings" -> c.thresholds().toString();
      case "AllocatorSettings" -> c.allocator().toString();
      case "InstanceFindingSettings" -> c.instanceFindings().toString();
      default -> throw new IllegalArgumentException(record);
    };
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        out.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

package io.github.redismem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.AllocatorStats;
import io.github.redismem.redis.DoctorIssue;
import io.github.redismem.redis.DoctorText;
import io.github.redismem.redis.Fixtures;
import io.github.redismem.redis.HostileReplies;
import io.github.redismem.redis.InfoReply;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStats;
import io.github.redismem.redis.RedisCommand;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a hostile server sends, what {@code /metrics} shows of it is sound: a {@link MemoryState} built from
 * random, cut and mutated replies (see {@link HostileReplies}) converts without an exception, renders through
 * client_java's text writer as the {@code /metrics} handler does, parses ({@link ExpositionText}), holds no NaN, no
 * negative counter and no negative value without a minus sign in the source, and labels only from bounded sets.
 */
class ConversionPropertiesTest {
  private static final int TRIES = 300;
  private static final Set<String> ISSUES = Arrays.stream(DoctorIssue.values()).map(DoctorIssue::label)
      .collect(Collectors.toSet());
  private static final Set<String> COMMANDS = Arrays.stream(RedisCommand.values()).map(RedisCommand::label)
      .collect(Collectors.toSet());
  private static final List<String> CONFIG_NAMES = List.of("hash-max-listpack-entries", "hash-max-ziplist-entries",
      "zset-max-listpack-value", "set-max-intset-entries", "list-max-listpack-size", "list-compress-depth",
      "maxmemory-samples", "activedefrag", "active-defrag-ignore-bytes", "active-defrag-threshold-lower",
      "active-defrag-cycle-max");

  /** One scrape's replies, each possibly hostile. */
  record Replies(String info, List<Object> stats, String doctor, Map<String, String> config) {
    MemoryState state() {
      return new MemoryState(true, Duration.ofMillis(3), Optional.of(InfoReply.parse(info)),
          Optional.of(MemoryStats.parse(stats)), Optional.of(DoctorText.parse(doctor)), config, List.of(), Map.of());
    }

    /** The same replies with every minus sign dropped: then no value may come out negative. */
    Replies withoutMinus() {
      return new Replies(info.replace("-", ""), positive(stats), doctor.replace("-", ""),
          config.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().replace("-", ""))));
    }
  }

  @Provide
  Arbitrary<Replies> replies() {
    Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(HostileReplies.ODD_NUMBERS),
        Arbitraries.strings().ofMaxLength(12), Arbitraries.of("yes", "no", "512", "-2"));
    Arbitrary<Map<String, String>> config = Arbitraries.oneOf(
        Arbitraries.maps(Arbitraries.of(CONFIG_NAMES), value).ofMaxSize(CONFIG_NAMES.size()),
        Arbitraries.of(Fixtures.config("redis-6.2"), Fixtures.config("redis-7.0")));
    return Combinators.combine(HostileReplies.text(HostileReplies.samples("info")), HostileReplies.nestedReply(),
        HostileReplies.text(HostileReplies.samples("memory-doctor")), config).as(Replies::new);
  }

  @Property(tries = TRIES)
  void anyRepliesGiveAParseableExpositionWithBoundedLabelsAndNoNaN(@ForAll("replies") Replies replies)
      throws IOException {
    List<ExpositionText.Sample> samples = scrape(replies.state());
    assertThat(samples).isNotEmpty();
    for (ExpositionText.Sample s : samples) {
      assertThat(s.value()).as(s.name()).isNotNaN();
      if (s.name().endsWith("_total")) {
        assertThat(s.value()).as(s.name()).isNotNegative();
      }
      s.labels().forEach((label, v) -> assertThat(bounded(s.name(), label, v)).as(s.name() + " " + label + "="
          + v.substring(0, Math.min(60, v.length()))).isTrue());
    }
    assertThat(samples.stream().filter(s -> s.name().equals("redismem_instance_info"))).hasSizeLessThanOrEqualTo(1);
    for (String catchAll : List.of("redismem_memory_info_value", "redismem_memory_stats_value")) {
      assertThat(samples.stream().filter(s -> s.name().equals(catchAll)))
          .hasSizeLessThanOrEqualTo(MemoryStateConverter.MAX_UNCURATED_FIELDS);
    }
  }

  /** The two bugs the property above found, spelled out: each failed the whole scrape or grew it without bound. */
  @net.jqwik.api.Example
  void aNegativeCounterIsDroppedAndTheCatchAllStaysBounded() throws IOException {
    String info = Fixtures.text("redis-7.0/info.txt").replace("evicted_keys:0", "evicted_keys:-1")
        .replace("# Memory\r\n", "# Memory\r\n" + "x<y>\"z:1\r\n" + java.util.stream.IntStream.range(0, 5000)
            .mapToObj(i -> "hostile_" + i + ":" + i + "\r\n").collect(Collectors.joining()));
    List<ExpositionText.Sample> samples = scrape(new Replies(info, List.of(), "", Map.of()).state());
    assertThat(samples).noneMatch(s -> s.name().equals("redismem_evicted_keys_total"));
    assertThat(samples).filteredOn(s -> s.name().equals("redismem_memory_info_value"))
        .hasSize(MemoryStateConverter.MAX_UNCURATED_FIELDS)
        .noneMatch(s -> s.labels().get("field").contains("<"));
  }

  @Property(tries = TRIES)
  void noValueIsNegativeUnlessTheServerSentAMinus(@ForAll("replies") Replies replies) throws IOException {
    for (ExpositionText.Sample s : scrape(replies.withoutMinus().state())) {
      assertThat(s.value()).as(s.name() + s.labels()).isNotNegative();
    }
  }

  @Property(tries = TRIES)
  void anyMallocStatsGiveAParseableExpositionWithoutNegativeBytes(@ForAll("mallocStats") String text)
      throws IOException {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    AllocatorStats read = AllocatorStats.of(text, at, Duration.ofMillis(2));
    for (ExpositionText.Sample s : render(new AllocatorCollector(() -> read, () -> at.plusSeconds(5)))) {
      assertThat(s.value()).as(s.name()).isNotNaN().isNotNegative();
      s.labels().forEach((label, v) -> assertThat(label).isIn("kind", "size_class"));
    }
  }

  @Provide
  Arbitrary<String> mallocStats() {
    return HostileReplies.text(HostileReplies.samples("malloc-stats"));
  }

  private static boolean bounded(String metric, String label, String value) {
    return switch (label) {
      case "db" -> value.matches("[0-9]{1,10}");
      case "table" -> value.equals("main") || value.equals("expires");
      case "data_type" -> Set.of("hash", "zset", "set", "list").contains(value);
      case "issue" -> ISSUES.contains(value);
      case "command" -> COMMANDS.contains(value);
      case "field" -> value.matches(MemoryStateConverter.UNCURATED_FIELD.pattern());
      case "version", "revision" -> metric.equals("redismem_build_info");
      // one series only (checked above): the server's own words, as any info metric carries them
      case "redis_version", "server", "role", "redis_mode", "maxmemory_policy", "mem_allocator" ->
          metric.equals("redismem_instance_info");
      default -> false;
    };
  }

  private static List<ExpositionText.Sample> scrape(MemoryState state) throws IOException {
    MemoryStateConverter converter = new MemoryStateConverter(new BuildInfo("1.2.3", "0123456789ab"));
    return render(() -> converter.convert(state, Map.of(RedisCommand.MEMORY_STATS, 2L)));
  }

  /** As the /metrics handler writes it: client_java's text writer over a registry's scrape. */
  private static List<ExpositionText.Sample> render(MultiCollector collector) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(collector);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return ExpositionText.parse(out.toString(StandardCharsets.UTF_8));
  }

  private static List<Object> positive(List<?> reply) {
    List<Object> out = new ArrayList<>();
    for (Object o : reply) {
      if (o instanceof Long l) {
        out.add(l == Long.MIN_VALUE ? 0L : Math.abs(l));
      } else if (o instanceof Double d) {
        out.add(Math.abs(d));
      } else if (o instanceof String s) {
        out.add(s.replace("-", ""));
      } else if (o instanceof byte[] b) {
        out.add(new String(b, StandardCharsets.UTF_8).replace("-", "").getBytes(StandardCharsets.UTF_8));
      } else if (o instanceof List<?> l) {
        out.add(positive(l));
      } else if (o instanceof Map<?, ?> m) {
        List<Object> pairs = new ArrayList<>();
        m.forEach((k, v) -> {
          pairs.add(k);
          pairs.add(v);
        });
        out.add(positive(pairs));
      } else {
        out.add(o);
      }
    }
    return out;
  }
}

package io.github.redismem.redis;

import static io.github.redismem.redis.DoctorIssue.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.DoctorRules.DoctorAssessment;
import io.github.redismem.redis.DoctorText.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class DoctorRulesTest {
  private static final long MB = 1024 * 1024;
  private static final String TEN_MB = Long.toString(10 * MB);
  private static final String OVER_TEN_MB = Long.toString(10 * MB + 1);

  /** A 100 MB instance with nothing to report; each case below changes a few fields. */
  private static final Map<String, String> HEALTHY = fields(
      "server", "redis_version", "7.0.15",
      "clients", "connected_clients", "2",
      "memory", "used_memory", Long.toString(100 * MB),
      "memory", "used_memory_peak", Long.toString(100 * MB),
      "memory", "number_of_cached_scripts", "0",
      "memory", "allocator_frag_ratio", "1.01",
      "memory", "allocator_frag_bytes", "1000",
      "memory", "allocator_rss_ratio", "1.01",
      "memory", "allocator_rss_bytes", "1000",
      "memory", "rss_overhead_ratio", "1.01",
      "memory", "rss_overhead_bytes", "1000",
      "memory", "mem_fragmentation_ratio", "1.01",
      "memory", "mem_fragmentation_bytes", "1000",
      "memory", "mem_clients_slaves", "0",
      "memory", "mem_clients_normal", "40000",
      "replication", "connected_slaves", "0");

  static final List<Arguments> THRESHOLDS = List.of(
      row("healthy", Set.of()),
      row("just under 5 MB is too small to judge", null, "memory", "used_memory", Long.toString(5 * MB - 1),
          "memory", "used_memory_peak", Long.toString(500 * MB)),
      row("5 MB is judged", Set.of(PEAK_MEMORY), "memory", "used_memory", Long.toString(5 * MB),
          "memory", "used_memory_peak", Long.toString(500 * MB)),
      row("peak exactly 1.5 times", Set.of(), "memory", "used_memory_peak", Long.toString(150 * MB)),
      // 1.5000001 in double, but the server converts to float first, where 157286407 is 157286400: exactly 1.5
      row("peak over 1.5 by less than float precision", Set.of(), "memory", "used_memory_peak", "157286407"),
      row("peak over 1.5", Set.of(PEAK_MEMORY), "memory", "used_memory_peak", "157286600"),
      row("total RSS 1.4", Set.of(), "memory", "mem_fragmentation_ratio", "1.40",
          "memory", "mem_fragmentation_bytes", "50000000"),
      row("total RSS over 1.4 but 10 MB", Set.of(), "memory", "mem_fragmentation_ratio", "1.41",
          "memory", "mem_fragmentation_bytes", TEN_MB),
      row("total RSS over 1.4 and 10 MB", Set.of(HIGH_TOTAL_RSS), "memory", "mem_fragmentation_ratio", "1.41",
          "memory", "mem_fragmentation_bytes", OVER_TEN_MB),
      row("total RSS high ratio, few bytes", Set.of(), "memory", "mem_fragmentation_ratio", "9.00",
          "memory", "mem_fragmentation_bytes", "900000"),
      row("allocator fragmentation 1.1", Set.of(), "memory", "allocator_frag_ratio", "1.10",
          "memory", "allocator_frag_bytes", OVER_TEN_MB),
      row("allocator fragmentation over 1.1 but 10 MB", Set.of(), "memory", "allocator_frag_ratio", "1.11",
          "memory", "allocator_frag_bytes", TEN_MB),
      row("allocator fragmentation", Set.of(HIGH_ALLOCATOR_FRAGMENTATION), "memory", "allocator_frag_ratio", "1.11",
          "memory", "allocator_frag_bytes", OVER_TEN_MB),
      row("allocator RSS 1.1", Set.of(), "memory", "allocator_rss_ratio", "1.10",
          "memory", "allocator_rss_bytes", OVER_TEN_MB),
      row("allocator RSS over 1.1 but 10 MB", Set.of(), "memory", "allocator_rss_ratio", "1.11",
          "memory", "allocator_rss_bytes", TEN_MB),
      row("allocator RSS", Set.of(HIGH_ALLOCATOR_RSS_OVERHEAD), "memory", "allocator_rss_ratio", "1.11",
          "memory", "allocator_rss_bytes", OVER_TEN_MB),
      row("process RSS 1.1", Set.of(), "memory", "rss_overhead_ratio", "1.10",
          "memory", "rss_overhead_bytes", OVER_TEN_MB),
      row("process RSS over 1.1 but 10 MB", Set.of(), "memory", "rss_overhead_ratio", "1.11",
          "memory", "rss_overhead_bytes", TEN_MB),
      row("process RSS", Set.of(HIGH_PROCESS_RSS_OVERHEAD), "memory", "rss_overhead_ratio", "1.11",
          "memory", "rss_overhead_bytes", OVER_TEN_MB),
      row("negative RSS overhead", Set.of(), "memory", "rss_overhead_ratio", "0.45",
          "memory", "rss_overhead_bytes", "-2756608"),
      row("clients 200 KB each", Set.of(), "memory", "mem_clients_normal", "409600"),
      // integer division, as the server does: 409601 / 2 is 204800
      row("clients a byte over 200 KB in total", Set.of(), "memory", "mem_clients_normal", "409601"),
      row("clients over 200 KB each", Set.of(BIG_CLIENT_BUFFERS), "memory", "mem_clients_normal", "409602"),
      row("client memory but no client count", Set.of(), "memory", "mem_clients_normal", "9999999",
          "clients", "connected_clients", "0"),
      row("replica buffers 10 MB", Set.of(), "replication", "connected_slaves", "1",
          "memory", "mem_clients_slaves", TEN_MB),
      row("replica buffers over 10 MB", Set.of(BIG_REPLICA_BUFFERS), "replication", "connected_slaves", "1",
          "memory", "mem_clients_slaves", OVER_TEN_MB),
      row("replica buffer memory but no replicas", Set.of(), "memory", "mem_clients_slaves", Long.toString(50 * MB)),
      row("7.0 judges the replicas' shared buffer as a whole", Set.of(BIG_REPLICA_BUFFERS),
          "replication", "connected_slaves", "2", "memory", "mem_clients_slaves", Long.toString(20 * MB + 2)),
      row("6.2 judges the average per replica", Set.of(), "server", "redis_version", "6.2.11",
          "replication", "connected_slaves", "2", "memory", "mem_clients_slaves", Long.toString(20 * MB + 1)),
      row("6.2 average over 10 MB", Set.of(BIG_REPLICA_BUFFERS), "server", "redis_version", "6.2.11",
          "replication", "connected_slaves", "2", "memory", "mem_clients_slaves", Long.toString(20 * MB + 2)),
      row("1000 scripts", Set.of(), "memory", "number_of_cached_scripts", "1000"),
      row("1001 scripts", Set.of(MANY_SCRIPTS), "memory", "number_of_cached_scripts", "1001"));

  @ParameterizedTest(name = "{0}")
  @FieldSource("THRESHOLDS")
  void appliesTheServersThresholds(String what, Map<String, String> fields, DoctorAssessment expected) {
    assertThat(DoctorRules.evaluate(info(fields), null)).isEqualTo(expected);
  }

  @Test
  void prefersMemoryStatsWhichIsNotRounded() {
    // The server keeps 1.1 in a C float, 1.10000002384, which is over the double 1.1 it is compared with;
    // INFO prints it as 1.10, MEMORY STATS as 1.1000000238418579.
    Map<String, String> fields = new LinkedHashMap<>(HEALTHY);
    fields.put("memory.allocator_frag_ratio", "1.10");
    fields.put("memory.allocator_frag_bytes", OVER_TEN_MB);
    MemoryStats stats = MemoryStats.parse(List.of("allocator-fragmentation.ratio", "1.1000000238418579"));

    assertThat(DoctorRules.evaluate(info(fields), null).issues()).isEmpty();
    assertThat(DoctorRules.evaluate(info(fields), stats).issues()).containsExactly(HIGH_ALLOCATOR_FRAGMENTATION);
  }

  @Test
  void missingNumbersReportNothing() {
    assertThat(DoctorRules.evaluate(InfoReply.parse(""), null)).isEqualTo(new DoctorAssessment(false, Set.of()));
    assertThat(DoctorRules.evaluate(null, null)).isEqualTo(new DoctorAssessment(false, Set.of()));
    assertThat(DoctorRules.evaluate(InfoReply.parse("# Memory\nused_memory:209715200\n"), null))
        .isEqualTo(new DoctorAssessment(false, Set.of()));
  }

  static Stream<String> sampleDirs() {
    return Fixtures.SAMPLE_DIRS.stream();
  }

  /** The real samples were captured one right after another: INFO, MEMORY STATS, MEMORY DOCTOR. */
  @ParameterizedTest
  @MethodSource("sampleDirs")
  void agreesWithWhatTheDoctorSaidOfTheSameServer(String dir) {
    InfoReply info = InfoReply.parse(Fixtures.text(dir + "/info.txt"));
    MemoryStats stats = MemoryStats.parse(Fixtures.memoryStats(dir + "/memory-stats.txt"));
    DoctorText doctor = DoctorText.parse(Fixtures.text(dir + "/memory-doctor.txt"));

    assertThat(doctor.verdict()).isNotEqualTo(Verdict.UNRECOGNISED);
    for (MemoryStats source : new MemoryStats[] {stats, null}) {
      DoctorAssessment computed = DoctorRules.evaluate(info, source);
      assertThat(computed.tooSmall()).as("too small, from %s", source == null ? "INFO" : "MEMORY STATS")
          .isEqualTo(doctor.verdict() == Verdict.TOO_SMALL);
      assertThat(computed.issues()).as("issues, from %s", source == null ? "INFO" : "MEMORY STATS")
          .isEqualTo(doctor.issues());
    }
  }

  private static Arguments row(String what, Set<DoctorIssue> issuesOrTooSmall, String... changes) {
    Map<String, String> fields = new LinkedHashMap<>(HEALTHY);
    fields.putAll(fields(changes));
    DoctorAssessment expected = issuesOrTooSmall == null ? new DoctorAssessment(true, Set.of())
        : new DoctorAssessment(false, issuesOrTooSmall);
    return Arguments.of(what, fields, expected);
  }

  /** Triples of section, field, value as a map keyed {@code section.field}. */
  private static Map<String, String> fields(String... triples) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 2 < triples.length; i += 3) {
      out.put(triples[i] + "." + triples[i + 1], triples[i + 2]);
    }
    return out;
  }

  private static InfoReply info(Map<String, String> fields) {
    Map<String, StringBuilder> sections = new LinkedHashMap<>();
    fields.forEach((key, value) -> {
      int dot = key.indexOf('.');
      sections.computeIfAbsent(key.substring(0, dot), s -> new StringBuilder("# " + s + "\r\n"))
          .append(key.substring(dot + 1)).append(':').append(value).append("\r\n");
    });
    return InfoReply.parse(String.join("\r\n", sections.values()));
  }
}

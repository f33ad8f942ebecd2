package io.github.redismem.redis;

import static io.github.redismem.redis.DoctorIssue.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.DoctorText.Verdict;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;

class DoctorTextTest {

  static final List<Arguments> SAMPLES = List.of(
      Arguments.of("redis-6.2", Verdict.TOO_SMALL, Set.of()),
      Arguments.of("redis-6.2/loaded", Verdict.ISSUES,
          EnumSet.of(PEAK_MEMORY, HIGH_TOTAL_RSS, HIGH_ALLOCATOR_FRAGMENTATION, BIG_CLIENT_BUFFERS, MANY_SCRIPTS)),
      Arguments.of("redis-7.0", Verdict.TOO_SMALL, Set.of()),
      Arguments.of("redis-7.0/loaded", Verdict.ISSUES,
          EnumSet.of(PEAK_MEMORY, HIGH_TOTAL_RSS, HIGH_ALLOCATOR_FRAGMENTATION, BIG_CLIENT_BUFFERS, MANY_SCRIPTS)),
      Arguments.of("redis-7.4", Verdict.NO_ISSUES, Set.of()),
      Arguments.of("redis-8.2", Verdict.ISSUES,
          EnumSet.of(PEAK_MEMORY, HIGH_TOTAL_RSS, HIGH_ALLOCATOR_FRAGMENTATION, BIG_REPLICA_BUFFERS)),
      Arguments.of("valkey-8.0", Verdict.ISSUES, EnumSet.of(BIG_CLIENT_BUFFERS, MANY_SCRIPTS)));

  @ParameterizedTest(name = "{0}")
  @FieldSource("SAMPLES")
  void readsTheSamples(String dir, Verdict verdict, Set<DoctorIssue> issues) {
    DoctorText text = DoctorText.parse(Fixtures.text(dir + "/memory-doctor.txt"));

    assertThat(text.verdict()).isEqualTo(verdict);
    assertThat(text.issues()).isEqualTo(issues);
  }

  private static final String HEAD = "Sam, I detected a few issues in this Redis instance memory implants:\n\n";
  private static final String TAIL = "I'm here to keep you safe, Sam. I want to help you.\n";

  static final List<Arguments> TEXTS = Arrays.asList(
      Arguments.of("every heading", HEAD + " * Peak memory: x\n\n * High total RSS: x\n\n * High allocator "
          + "fragmentation: x\n\n * High allocator RSS overhead: x\n\n * High process RSS overhead: x\n\n * Big replica "
          + "buffers: x\n\n * Big client buffers: x\n\n * Many scripts: x\n\n" + TAIL,
          Verdict.ISSUES, EnumSet.allOf(DoctorIssue.class)),
      Arguments.of("4.0 slave heading", HEAD + " * Big slave buffers: The slave output buffers...\n\n" + TAIL,
          Verdict.ISSUES, EnumSet.of(BIG_REPLICA_BUFFERS)),
      Arguments.of("CRLF", (HEAD + " * Many scripts: x\n\n" + TAIL).replace("\n", "\r\n"),
          Verdict.ISSUES, EnumSet.of(MANY_SCRIPTS)),
      Arguments.of("RESP3 verbatim prefix", "txt:" + HEAD + " * Peak memory: x\n\n" + TAIL,
          Verdict.ISSUES, EnumSet.of(PEAK_MEMORY)),
      Arguments.of("heading words inside a sentence",
          HEAD + " * Peak memory: check if there is a peak memory entry; High total RSS: no\n\n" + TAIL,
          Verdict.ISSUES, EnumSet.of(PEAK_MEMORY)),
      Arguments.of("a category from a newer server", HEAD + " * Huge vector sets: x\n\n" + TAIL,
          Verdict.ISSUES, Set.of()),
      Arguments.of("no issues, any product name",
          "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n",
          Verdict.NO_ISSUES, Set.of()),
      Arguments.of("too small", "Hi Sam, this instance is empty or is using very little memory, my issues detector "
          + "can't be used in these conditions.\n", Verdict.TOO_SMALL, Set.of()),
      Arguments.of("an error instead of a report", "ERR unknown subcommand 'DOCTOR'", Verdict.UNRECOGNISED, Set.of()),
      Arguments.of("blank", "  \n", Verdict.UNRECOGNISED, Set.of()),
      Arguments.of("null", null, Verdict.UNRECOGNISED, Set.of()));

  @ParameterizedTest(name = "{0}")
  @FieldSource("TEXTS")
  void readsHeadingsOnly(String what, String report, Verdict verdict, Set<DoctorIssue> issues) {
    DoctorText text = DoctorText.parse(report);

    assertThat(text.verdict()).isEqualTo(verdict);
    assertThat(text.issues()).isEqualTo(issues);
  }

  @Test
  void labelsAreTheLowerCaseNames() {
    assertThat(Arrays.stream(DoctorIssue.values()).map(DoctorIssue::label)).containsExactly("peak_memory",
        "high_total_rss", "high_allocator_fragmentation", "high_allocator_rss_overhead", "high_process_rss_overhead",
        "big_replica_buffers", "big_client_buffers", "many_scripts");
  }
}

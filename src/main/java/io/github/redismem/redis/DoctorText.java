package io.github.redismem.redis;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What a MEMORY DOCTOR report says, read from its text.
 *
 * <p>Only the fixed phrases and the category headings are matched, never the product name: Valkey prints
 * "Valkey" and "primary" where Redis prints "Redis" and "master", and its headings are the same. Redis 4.0
 * called replicas slaves in a heading, so both spellings count.
 *
 * @param issues the categories reported, empty unless the verdict is {@link Verdict#ISSUES}; unmodifiable
 */
public record DoctorText(Verdict verdict, Set<DoctorIssue> issues) {

  /** The kind of answer the doctor gave. */
  public enum Verdict {
    /** "I can't find any memory issue". */
    NO_ISSUES,
    /** The instance uses under 5 MB, so the doctor checked nothing. */
    TOO_SMALL,
    /** One or more categories reported. */
    ISSUES,
    /** Text this code does not know; compare nothing against it. */
    UNRECOGNISED
  }

  private static final String NO_ISSUES_PHRASE = "I can't find any memory issue";
  private static final String TOO_SMALL_PHRASE = "this instance is empty or is using very little memory";
  private static final String ISSUES_PHRASE = "I detected a few issues";
  private static final Map<String, DoctorIssue> HEADINGS = Map.of(
      "* Peak memory:", DoctorIssue.PEAK_MEMORY,
      "* High total RSS:", DoctorIssue.HIGH_TOTAL_RSS,
      "* High allocator fragmentation:", DoctorIssue.HIGH_ALLOCATOR_FRAGMENTATION,
      "* High allocator RSS overhead:", DoctorIssue.HIGH_ALLOCATOR_RSS_OVERHEAD,
      "* High process RSS overhead:", DoctorIssue.HIGH_PROCESS_RSS_OVERHEAD,
      "* Big replica buffers:", DoctorIssue.BIG_REPLICA_BUFFERS,
      "* Big slave buffers:", DoctorIssue.BIG_REPLICA_BUFFERS,
      "* Big client buffers:", DoctorIssue.BIG_CLIENT_BUFFERS,
      "* Many scripts:", DoctorIssue.MANY_SCRIPTS);

  public DoctorText {
    issues = issues.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(issues));
  }

  /** Reads a report; never throws. Line endings and a RESP3 {@code txt:} prefix do not matter. */
  public static DoctorText parse(String text) {
    if (text == null || text.isBlank()) {
      return new DoctorText(Verdict.UNRECOGNISED, Set.of());
    }
    if (text.contains(NO_ISSUES_PHRASE)) {
      return new DoctorText(Verdict.NO_ISSUES, Set.of());
    }
    if (text.contains(TOO_SMALL_PHRASE)) {
      return new DoctorText(Verdict.TOO_SMALL, Set.of());
    }
    Set<DoctorIssue> issues = EnumSet.noneOf(DoctorIssue.class);
    for (String line : text.split("\n")) {
      String start = line.strip();
      HEADINGS.forEach((heading, issue) -> {
        if (start.startsWith(heading)) {
          issues.add(issue);
        }
      });
    }
    // A report whose categories are all unknown to us (a newer server) is still a report of issues.
    if (!issues.isEmpty() || text.contains(ISSUES_PHRASE)) {
      return new DoctorText(Verdict.ISSUES, issues);
    }
    return new DoctorText(Verdict.UNRECOGNISED, Set.of());
  }
}

package io.github.redismem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redismem.analysis.Finding;
import io.github.redismem.analysis.Histogram;
import io.github.redismem.analysis.InstanceFinding;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.config.ConfigException;
import io.github.redismem.report.Report;
import io.github.redismem.report.SampleReports;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** --fail-on parsing and what each limit compares (SampleReports.pass(): no_ttl 900,000 B in 4,000 keys...). */
class FailOnTest {
  private final PassResult pass = SampleReports.pass();

  @Test
  void parsesRepeatedAndCommaSeparatedLimitsWithSizes() throws ConfigException {
    assertThat(FailOn.parse(List.of("no_ttl:10MB,big_key", "string_json_blob:512KiB", " hash_hashtable_under_limit:1024 ")))
        .containsExactly(new FailOn(Finding.NO_TTL, OptionalLong.of(10L << 20)),
            new FailOn(Finding.BIG_KEY, OptionalLong.empty()),
            new FailOn(Finding.STRING_JSON_BLOB, OptionalLong.of(512L << 10)),
            new FailOn(Finding.HASH_HASHTABLE_UNDER_LIMIT, OptionalLong.of(1024)));
  }

  @Test
  void badNamesAndSizesNameTheFlag() {
    assertThatThrownBy(() -> FailOn.parse(List.of("no-ttl"))).hasMessageStartingWith(
        "--fail-on: unknown finding \"no-ttl\"; expected one of hash_hashtable_under_limit, ");
    assertThatThrownBy(() -> FailOn.parse(List.of("no_ttl:lots")))
        .hasMessage("--fail-on: expected a size like 10MiB or 1048576, got \"lots\"");
  }

  @Test
  void withoutBytesAnyKeyFails() {
    assertThat(new FailOn(Finding.BIG_KEY, OptionalLong.empty()).violation(pass))
        .contains("big_key: 1 keys (limit: none)");
  }

  @Test
  void withBytesTheReclaimableBytesMustExceedTheLimit() {
    // hash: 80,000 reclaimable of 120,000 bytes
    assertThat(new FailOn(Finding.HASH_HASHTABLE_UNDER_LIMIT, OptionalLong.of(100_000)).violation(pass)).isEmpty();
    assertThat(new FailOn(Finding.HASH_HASHTABLE_UNDER_LIMIT, OptionalLong.of(80_000)).violation(pass)).isEmpty();
    assertThat(new FailOn(Finding.HASH_HASHTABLE_UNDER_LIMIT, OptionalLong.of(79_999)).violation(pass))
        .contains("hash_hashtable_under_limit: 78.1 KiB reclaimable in 3 keys, over the limit of 78.1 KiB");
  }

  @Test
  void noTtlComparesTheMemoryWithoutTtlAsATtlFreesNothing() {
    // no_ttl: 900,000 bytes in 4,000 keys, 0 reclaimable
    assertThat(new FailOn(Finding.NO_TTL, OptionalLong.of(0)).measure(pass)).isEqualTo(900_000);
    assertThat(new FailOn(Finding.NO_TTL, OptionalLong.of(900_000)).violation(pass)).isEmpty();
    assertThat(new FailOn(Finding.NO_TTL, OptionalLong.of(899_999)).violation(pass))
        .contains("no_ttl: 879 KiB without TTL in 4,000 keys, over the limit of 879 KiB");
  }

  @Test
  void bigKeyComparesTheBigKeysMemoryAsSplittingFreesNothing() {
    assertThat(new FailOn(Finding.BIG_KEY, OptionalLong.of(400_000)).measure(pass)).isEqualTo(500_000);
    assertThat(new FailOn(Finding.BIG_KEY, OptionalLong.of(400_000)).violation(pass)).isPresent();
  }

  @Test
  void aFindingAbsentFromThePassNeverFails() {
    PassResult none = new PassResult(pass.finishedAt(), pass.duration(), 1, 0, 0, 0, pass.thresholds(), List.of(),
        java.util.Map.of(), java.util.Map.of(), Histogram.Snapshot.empty(Histogram.STRING_LENGTH_BOUNDS), List.of(),
        List.of(), List.of(), List.of());
    assertThat(new FailOn(Finding.NO_TTL, OptionalLong.empty()).violation(none)).isEmpty();
  }

  @Test
  void instanceFindingsFailWhenTheyFiredAndTheirBytesAreOverTheLimit() throws ConfigException {
    assertThat(FailOn.parse(List.of("maxmemory_unset:1MiB,swapping")))
        .containsExactly(FailOn.instance(InstanceFinding.MAXMEMORY_UNSET, OptionalLong.of(1L << 20)),
            FailOn.instance(InstanceFinding.SWAPPING, OptionalLong.empty()));
    // the recorded 7.0 has no maxmemory: maxmemory_unset fired, 24.6 MiB used
    Report report = SampleReports.complete();
    assertThat(FailOn.instance(InstanceFinding.MAXMEMORY_UNSET, OptionalLong.empty()).violation(pass, report))
        .hasValueSatisfying(v -> assertThat(v).startsWith("maxmemory_unset: ").endsWith("(limit: none)"));
    assertThat(FailOn.instance(InstanceFinding.MAXMEMORY_UNSET, OptionalLong.of(1L << 20)).violation(pass, report))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo("maxmemory_unset: 24.6 MiB, over the limit of 1.00 MiB"));
    assertThat(FailOn.instance(InstanceFinding.MAXMEMORY_UNSET, OptionalLong.of(25L << 20)).violation(pass, report))
        .isEmpty();
    assertThat(FailOn.instance(InstanceFinding.SWAPPING, OptionalLong.empty()).violation(pass, report)).isEmpty();
    assertThatThrownBy(() -> FailOn.parse(List.of("swap"))).hasMessageEndingWith(
        "big_key, long_key_names, compressible_strings, fragmentation_high, swapping, maxmemory_unset, overhead_dominates, client_buffers_large,"
            + " no_ttl_cache, list_compression_off, script_cache_large");
  }
}

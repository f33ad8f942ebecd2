package io.github.redismem.analysis;

import static io.github.redismem.analysis.Passes.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A pass's early estimate from the keys so far: extrapolated to DBSIZE with bounds; databases read exact. A sampled
 * pass's big keys count once and are calibrated against the dataset the estimate stands for.
 */
class EarlyEstimateTest {

  private static PassResult.EncodingGroup encoding(PassResult p, int db, String encoding) {
    return p.encodings().stream().filter(e -> e.db() == db && e.encoding().equals(encoding)).findFirst()
        .orElseThrow();
  }

  @Test
  void theDatabaseBeingReadIsExtrapolatedToItsKeysWithBoundsAndTheOnesReadAreExact() {
    PassAggregator pass = Passes.aggregator(Passes.defaults(), Passes.THRESHOLDS_7_2);
    for (int i = 0; i < 100; i++) { // database 0, read to its end
      pass.add(0, key("done:" + i, "string", "embstr", 64, -1, 10));
    }
    // database 1, 1000 keys of which 400 read: 300 hashes of 200 bytes, 100 strings of 50
    for (int i = 0; i < 400; i++) {
      pass.add(1, i % 4 == 0 ? key("s:" + i, "string", "embstr", 50, -1, 10)
          : key("h:" + i, "hash", "listpack", 200, 60_000, 4));
    }
    PassResult early = pass.estimate(Instant.EPOCH, Duration.ofSeconds(3), 0.45, 1, 1000, Optional.empty());

    PassResult.EncodingGroup done = encoding(early, 0, "embstr");
    assertThat(done.keys()).isEqualTo(100);
    assertThat(done.bytesBounds().low()).isEqualTo(done.bytesBounds().high()).isEqualTo(6400);
    PassResult.EncodingGroup hashes = encoding(early, 1, "listpack");
    assertThat(hashes.keys()).isEqualTo(750);
    assertThat(hashes.bytes()).isEqualTo(150_000);
    // a binomial share of 400 draws out of 1000: a real spread, never below what was seen
    assertThat(hashes.keysBounds().low()).isBetween(300.0, 749.0);
    assertThat(hashes.keysBounds().high()).isBetween(751.0, 1000.0);
    PassResult.PrefixGroup h = early.prefixes().stream().filter(g -> g.db() == 1 && g.prefix().equals("h:"))
        .findFirst().orElseThrow();
    assertThat(h.keys()).isEqualTo(750);
    assertThat(h.bytesBounds().low()).isLessThan(150_000).isGreaterThanOrEqualTo(300 * 200);
    assertThat(early.ttls().stream().filter(t -> t.db() == 1 && t.bucket() == TtlBucket.H1)
        .mapToDouble(PassResult.TtlGroup::keys).sum()).isEqualTo(750);
    assertThat(early.estimation().sampled()).isTrue();
    assertThat(early.sampleRatio()).isEqualTo(0.45);
    // top keys are those seen so far, at their own size
    assertThat(early.topKeys()).allMatch(k -> k.bytes() == 200 || k.bytes() == 64 || k.bytes() == 50);

    // the estimate changed nothing: the complete pass is the plain sum of what was read
    PassResult complete = pass.finish(Instant.EPOCH, Duration.ofSeconds(9), 0, 0, Optional.empty());
    assertThat(encoding(complete, 1, "listpack").keys()).isEqualTo(300);
    assertThat(complete.estimation().sampled()).isFalse();
  }

  /**
   * Half of a database of 10,000 strings of 200 bytes and 10 big strings of 1,000,000 bytes walked by a pass at a
   * tenth: 500 small keys and {@code bigSeen} big ones inspected.
   */
  private static PassAggregator halfOfASampledPass(int bigSeen) {
    PassAggregator pass = new PassAggregator(Passes.settings(0.1, 10, ":", 1, List.of(), 5, 1_000_000, 50),
        Passes.THRESHOLDS_7_2, new SavingsModel(7, 2), Estimator.forPass(0.1, 12_000_000));
    for (int i = 0; i < 5_000; i++) {
      pass.scanned(0, ("s:" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (i % 10 == 0) {
        pass.add(0, key("s:" + i, "string", "embstr", 200, -1, 20));
      }
    }
    for (int j = 0; j < 5; j++) {
      pass.scanned(0, ("big:" + j).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (j < bigSeen) {
        pass.add(0, key("big:" + j, "string", "raw", 1_000_000, -1, 999_000));
      }
    }
    return pass;
  }

  /** What Redis says of the whole database: 12,000,000 bytes in MEMORY USAGE's units. */
  private static final DatasetSize DATASET = new DatasetSize(12_000_000 - DatasetSize.ENTRY_BYTES * 10_010, 10_010);

  @Test
  void aSampledPassCountsItsBigKeysOnceAndGivesWhatTheSampleMissesToTheirCategories() {
    PassResult early = halfOfASampledPass(1).estimate(Instant.EPOCH, Duration.ofSeconds(3), 0.5, 0, 10_010,
        Optional.of(DATASET));
    double weight = 10_010 / 501.0; // one stratum: the database's keys over the keys inspected so far
    PassResult.EncodingGroup small = encoding(early, 0, "embstr");
    assertThat(small.keys()).isCloseTo(500 * weight, within(1e-6));
    assertThat(small.bytes()).isCloseTo(500 * 200 * weight, within(1e-3));
    // the big key seen counts once; what Redis holds beyond the estimate goes to its category, up to the 18.98
    // unseen ones it stands for
    double residual = 12_000_000 - (500 * 200 * weight + 1_000_000);
    PassResult.EncodingGroup big = encoding(early, 0, "raw");
    assertThat(big.bytes()).isCloseTo(1_000_000 + residual, within(1e-3));
    assertThat(big.bytes() + small.bytes()).isCloseTo(12_000_000, within(1e-3));
    assertThat(early.estimation()).satisfies(e -> {
      assertThat(e.sampled()).isTrue();
      assertThat(e.bigKeyBytes()).isEqualTo(16 * 1024);
      assertThat(e.calibrated()).isTrue();
      assertThat(e.allocatedBytes()).isCloseTo(residual, within(1e-3));
      assertThat(e.unattributedBytes()).isZero();
    });
    // the share of the keyspace inspected so far
    assertThat(early.sampleRatio()).isCloseTo(0.05, within(1e-12));
    PassResult.PrefixGroup bigs = early.prefixes().stream().filter(g -> g.prefix().equals("big:")).findFirst()
        .orElseThrow();
    assertThat(bigs.bytes()).isCloseTo(1_000_000 + residual, within(1e-3));
  }

  @Test
  void aSampledPassThatHasSeenNoBigKeyLeavesTheRestUnattributedAndWidensItsOpenCategories() {
    PassResult early = halfOfASampledPass(0).estimate(Instant.EPOCH, Duration.ofSeconds(3), 0.5, 0, 10_010,
        Optional.of(DATASET));
    double small = 500 * 200 * (10_010 / 500.0);
    assertThat(early.estimation().unattributedBytes()).isCloseTo(12_000_000 - small, within(1e-3));
    assertThat(early.encodings()).extracting(PassResult.EncodingGroup::encoding).containsExactly("embstr");
    // keys without a TTL may hold the unseen big keys: the upper bound says so; embstr strings cannot
    PassResult.TtlGroup none = early.ttls().stream().filter(t -> t.bucket() == TtlBucket.NONE).findFirst()
        .orElseThrow();
    assertThat(none.bytesBounds().high()).isGreaterThan(12_000_000);
    assertThat(encoding(early, 0, "embstr").bytesBounds().high()).isLessThan(small * 1.2);

    // without Redis's figures: big keys once, nothing added, and the note says so
    PassResult bare = halfOfASampledPass(1).estimate(Instant.EPOCH, Duration.ofSeconds(3), 0.5, 0, 10_010,
        Optional.empty());
    assertThat(bare.estimation().calibrated()).isFalse();
    assertThat(encoding(bare, 0, "raw").bytes()).isEqualTo(1_000_000);
  }

  /**
   * An estimate standing on a few keys multiplies each by thousands: no category says more than Redis holds in all
   * (its dataset for the keys the estimate stands for, with the 8% by which it and MEMORY USAGE may disagree), and
   * none less than what was seen.
   */
  @Test
  void noCategorySaysMoreThanTheWholeDataset() {
    PassAggregator pass = Passes.aggregator(Passes.defaults(), Passes.THRESHOLDS_7_2);
    for (int i = 0; i < 9; i++) {
      pass.add(0, key("s:" + i, "string", "embstr", 100, -1, 20));
    }
    pass.add(0, key("l:big", "list", "quicklist", 5_000_000, -1, 400_000));
    // 10,000 keys of which 10 read; Redis holds 6,000,000 bytes in MEMORY USAGE's units
    DatasetSize dataset = new DatasetSize(6_000_000 - DatasetSize.ENTRY_BYTES * 10_000, 10_000);
    PassResult early = pass.estimate(Instant.EPOCH, Duration.ofSeconds(1), 0.001, 0, 10_000,
        Optional.of(dataset));
    double ceiling = 6_000_000 * 1.08;
    PassResult.EncodingGroup list = encoding(early, 0, "quicklist");
    assertThat(list.bytes()).isCloseTo(ceiling, within(1e-6)); // not 1,000 times 5,000,000
    assertThat(list.bytesBounds().high()).isCloseTo(ceiling, within(1e-6));
    assertThat(list.bytesBounds().low()).isGreaterThanOrEqualTo(5_000_000);
    PassResult.EncodingGroup strings = encoding(early, 0, "embstr");
    assertThat(strings.bytes()).isCloseTo(900_000, within(1e-6));
    assertThat(strings.bytesBounds().high()).isLessThanOrEqualTo(ceiling);
    assertThat(early.ttls()).allSatisfy(t -> assertThat(t.bytesBounds().high()).isLessThanOrEqualTo(ceiling));
    assertThat(early.prefixes()).allSatisfy(g -> assertThat(g.bytesBounds().high()).isLessThanOrEqualTo(ceiling));
    assertThat(early.estimation().calibrated()).as("an exact pass is not calibrated, only bounded").isFalse();

    // without Redis's figures, the plain extrapolation
    PassResult bare = pass.estimate(Instant.EPOCH, Duration.ofSeconds(1), 0.001, 0, 10_000, Optional.empty());
    assertThat(encoding(bare, 0, "quicklist").bytes()).isCloseTo(5e9, within(1e-3));
  }
}

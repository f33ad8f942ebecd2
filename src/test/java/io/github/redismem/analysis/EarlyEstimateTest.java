package io.github.redismem.analysis;

import static io.github.redismem.analysis.Passes.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An exact pass's early estimate from the keys so far: extrapolated to DBSIZE with bounds; databases read exact. */
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
    PassResult early = pass.estimate(Instant.EPOCH, Duration.ofSeconds(3), 0.45, 1, 1000);

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
}

package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.KeyFacts;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Encodings inferred from type, length and thresholds; facts the server gave are left as they are. */
class SizeEstimatesTest {
  private static final Thresholds T70 = new Thresholds(512, 64, 128, 64, 512, 0, 64, false);
  private static final Thresholds T72 = new Thresholds(512, 64, 128, 64, 512, 128, 64, false);

  @Test
  void encodingsFollowTheThresholdsAndTheVersion() {
    SizeEstimates v70 = new SizeEstimates(T70, 7, 0);
    assertThat(v70.encoding("hash", 512)).isEqualTo("listpack");
    assertThat(v70.encoding("hash", 513)).isEqualTo("hashtable");
    assertThat(v70.encoding("zset", 129)).isEqualTo("skiplist");
    assertThat(v70.encoding("set", 10)).as("no listpack sets before 7.2").isEqualTo("hashtable");
    assertThat(v70.encoding("list", 10)).as("no listpack lists before 7.2").isEqualTo("quicklist");
    assertThat(v70.encoding("string", 44)).isEqualTo("embstr");
    assertThat(v70.encoding("string", 45)).isEqualTo("raw");
    SizeEstimates v72 = new SizeEstimates(T72, 7, 2);
    assertThat(v72.encoding("set", 128)).isEqualTo("listpack");
    assertThat(v72.encoding("list", 10)).isEqualTo("listpack");
    assertThat(v72.encoding("list", 10_000)).isEqualTo("quicklist");
    assertThat(new SizeEstimates(T70, 6, 2).encoding("hash", 5)).isEqualTo("ziplist");
  }

  @Test
  void onlyWhatIsUnknownIsFilledIn() {
    SizeEstimates sizes = new SizeEstimates(T70, 7, 0);
    KeyFacts measured = facts("hash", "hashtable", 9000, 600);
    assertThat(sizes.complete(measured)).isSameAs(measured);
    KeyFacts noMemory = sizes.complete(facts("hash", "hashtable", -1, 600));
    assertThat(noMemory.encoding()).isEqualTo("hashtable");
    assertThat(noMemory.memoryBytes()).isEqualTo(sizes.bytes("hash", "hashtable", 600, 3));
    KeyFacts noObject = sizes.complete(facts("hash", "unknown", 9000, 10));
    assertThat(noObject.encoding()).isEqualTo("listpack");
    assertThat(noObject.memoryBytes()).isEqualTo(9000);
  }

  @Test
  void sizesGrowWithLengthAndAStringIsItsAllocation() {
    SizeEstimates sizes = new SizeEstimates(T70, 7, 0);
    // a 100-byte raw string: robj 16 + sds (3 + 100 + 1 -> 112) + dictEntry 24 + key "key" (1 + 3 + 1 -> 8)
    assertThat(sizes.bytes("string", "raw", 100, 3)).isEqualTo(16 + 112 + 24 + 8);
    assertThat(sizes.bytes("hash", "hashtable", 2000, 3)).isGreaterThan(sizes.bytes("hash", "hashtable", 1000, 3));
    assertThat(sizes.bytes("zset", "skiplist", 1000, 3)).isGreaterThan(sizes.bytes("zset", "listpack", 100, 3));
  }

  private static KeyFacts facts(String type, String encoding, long bytes, long length) {
    return new KeyFacts("key".getBytes(StandardCharsets.UTF_8), type, encoding, bytes, -1, length, null, null);
  }
}

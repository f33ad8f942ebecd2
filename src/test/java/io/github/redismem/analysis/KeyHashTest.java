package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The sample selection takes the same share of every family of key names: each family's selected count is within
 * the binomial bound (4.5 standard deviations, about one chance in 150,000 per check for a uniform hash).
 */
class KeyHashTest {
  private static final double SIGMAS = 4.5;

  /** Families of names as applications write them, each of distinct names. */
  static Map<String, List<byte[]>> families() {
    Map<String, List<byte[]>> f = new LinkedHashMap<>();
    f.put("sequential numbers", names(50_000, i -> "user:" + i));
    f.put("sequential with a suffix", names(50_000, i -> "session:" + (100_000 + i) + ":n"));
    f.put("zero-padded numbers", names(50_000, i -> String.format("order:%010d", i)));
    Random random = new Random(1);
    f.put("uuids", names(50_000, i -> "sess:" + new UUID(random.nextLong(), random.nextLong())));
    f.put("time-ordered uuids", names(50_000, i -> "evt:" + new UUID(0x01890000_0000_7000L + ((long) i << 16),
        0x8000_0000_0000_0000L)));
    f.put("hex hashes", names(50_000, i -> "h:" + sha1(i)));
    f.put("long shared prefix, last characters vary",
        names(50_000, i -> "tenant:acme-corporation-eu-west-production-cluster-7/shard-3/items/" + i));
    f.put("numbers first, constant tail", names(50_000, i -> i + ":profile:settings:v2"));
    List<byte[]> one = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      one.add(new byte[] {(byte) b});
    }
    f.put("one byte", one);
    List<byte[]> two = new ArrayList<>();
    for (int b = 0; b < 65_536; b++) {
      two.add(new byte[] {(byte) (b >> 8), (byte) b});
    }
    f.put("two bytes", two);
    List<byte[]> binary = new ArrayList<>();
    Random bytes = new Random(2);
    for (int i = 0; i < 50_000; i++) {
      byte[] k = new byte[8 + bytes.nextInt(24)];
      bytes.nextBytes(k);
      binary.add(k);
    }
    f.put("random binary", binary);
    List<byte[]> counters = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      counters.add(new byte[] {'c', ':', 0, 0, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
    }
    f.put("binary counters", counters);
    return f;
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.1, 0.01})
  void everyFamilyIsSampledAtTheRatio(double ratio) {
    families().forEach((family, names) -> {
      long selected = names.stream().filter(k -> KeyHash.selected(k, ratio)).count();
      assertThat(selected).as("%s at %s", family, ratio)
          .isBetween(lowest(names.size(), ratio), highest(names.size(), ratio));
    });
  }

  /** The selection before the finaliser, kept here to show that this test catches what broke. */
  @Test
  void theBareFnvSelectionFailsTheSameCheck() {
    Predicate<byte[]> bare = k -> (KeyHash.fnv1a(k) >>> 11) * 0x1.0p-53 < 0.1;
    long biased = families().entrySet().stream().filter(e -> {
      long selected = e.getValue().stream().filter(bare).count();
      return selected < lowest(e.getValue().size(), 0.1) || selected > highest(e.getValue().size(), 0.1);
    }).count();
    assertThat(biased).isGreaterThanOrEqualTo(3);
  }

  /** Families nested in one another (the names under each prefix of a keyspace) are each sampled at the ratio. */
  @Test
  void subfamiliesByLastCharacterAreSampledAtTheRatio() {
    for (char last : "nsrhzl".toCharArray()) {
      List<byte[]> names = names(30_000, i -> "cache:" + (100_000 + i) + ":" + last);
      long selected = names.stream().filter(k -> KeyHash.selected(k, 0.1)).count();
      assertThat(selected).as("names ending in %s", last).isBetween(lowest(30_000, 0.1), highest(30_000, 0.1));
    }
  }

  @Test
  void theDuplicateFilterIsIndependentOfTheSelection() {
    // selected keys all have low selection hashes; the filter's hashes of them must still spread over all bits
    int n = 200_000;
    SeenKeys seen = new SeenKeys(n / 10);
    int wronglySeen = 0;
    int selected = 0;
    for (int i = 0; selected < n / 10; i++) {
      byte[] key = ("key:" + i).getBytes(StandardCharsets.UTF_8);
      if (KeyHash.selected(key, 0.1)) {
        selected++;
        if (!seen.add(key)) {
          wronglySeen++;
        }
      }
    }
    assertThat(wronglySeen).isLessThanOrEqualTo(1);
  }

  private static long lowest(int n, double p) {
    return (long) Math.floor(n * p - SIGMAS * Math.sqrt(n * p * (1 - p)));
  }

  private static long highest(int n, double p) {
    return (long) Math.ceil(n * p + SIGMAS * Math.sqrt(n * p * (1 - p)));
  }

  private interface Name {
    String of(int i);
  }

  private static List<byte[]> names(int n, Name name) {
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(name.of(i).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String sha1(int i) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

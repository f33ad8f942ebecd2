package io.github.redismem.analysis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-key helpers one at a time, each call on the next of 100,000 generated key names (so branch and cache
 * behaviour is that of a varied keyspace, not of one key): KeyText.of, Prefixer.prefixOf, SeenKeys.add and
 * KeyHash.selected; plus KeyText.of on one UTF-8 and one binary key, its slow paths.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class KeyPathBenchmark {
  byte[][] keys;
  int next;
  Prefixer prefixer;
  Prefixer prefixerWithPattern;
  SeenKeys seen;
  byte[] utf8Key;
  byte[] binaryKey;

  @Setup
  public void setup() {
    keys = BenchData.names(BenchData.keyspace(100_000, 4, 0.85, 42));
    prefixer = new Prefixer(":", 1, List.of());
    // as docs/configuration.md suggests: a regex tried before the delimiters (it matches about 5% of keys here)
    prefixerWithPattern = new Prefixer(":", 1, List.of(Pattern.compile("^(?<prefix>shard)[0-9]+:")));
    utf8Key = "shop-user:josé-müller:東京".getBytes(StandardCharsets.UTF_8);
    binaryKey = new byte[] {'b', 'i', 'n', ':', 0x00, (byte) 0x9f, 0x12, (byte) 0xff, (byte) 0xc3, 0x28, 0x7f, 0x01,
        (byte) 0x80, (byte) 0xe2, 0x41, 0x42, 0x43, 0x0a};
  }

  /** A fresh filter per iteration, sized as KeySampler sizes it for 100,000 keys at ratio 1. */
  @Setup(Level.Iteration)
  public void freshFilter() {
    seen = new SeenKeys((long) (100_000 * 1.0 * 1.2) + 1000);
  }

  private byte[] nextKey() {
    byte[] k = keys[next];
    if (++next == keys.length) {
      next = 0;
    }
    return k;
  }

  @Benchmark
  public String keyTextOf() {
    return KeyText.of(nextKey());
  }

  @Benchmark
  public String keyTextOfUtf8Key() {
    return KeyText.of(utf8Key);
  }

  @Benchmark
  public String keyTextOfBinaryKey() {
    return KeyText.of(binaryKey);
  }

  @Benchmark
  public String prefixOf() {
    return prefixer.prefixOf(nextKey());
  }

  @Benchmark
  public String prefixOfWithPattern() {
    return prefixerWithPattern.prefixOf(nextKey());
  }

  @Benchmark
  public boolean seenKeysAdd() {
    return seen.add(nextKey());
  }

  /** At sampleRatio 0.1; at the default 1.0 it returns before hashing. */
  @Benchmark
  public boolean keyHashSelected() {
    return KeyHash.selected(nextKey(), 0.1);
  }
}

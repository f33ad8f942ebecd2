package io.github.redismem.analysis;

import io.github.redismem.config.SamplingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The sampler's per-key work once Redis has answered: PassAggregator#add over 100,000 pre-generated keys (4
 * databases, 85% in db0; default settings: topKeys 20, maxPrefixes 50), reported per key; and finishing that pass.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PassAggregatorBenchmark {
  static final int KEYS = 100_000;

  BenchData.Key[] keys;
  SamplingSettings settings;
  PassAggregator filled;

  @Setup
  public void setup() {
    keys = BenchData.keyspace(KEYS, 4, 0.85, 42);
    settings = BenchData.settings(20, 50, List.of());
    filled = aggregate();
    describe(filled.finish(Instant.EPOCH, Duration.ZERO, 0, 0, java.util.Optional.empty()));
  }

  private PassAggregator aggregate() {
    PassAggregator a = BenchData.aggregator(settings);
    for (BenchData.Key k : keys) {
      a.add(k.db(), k.facts());
    }
    return a;
  }

  /** ns per key: a fresh aggregator (as each pass makes) fed all 100,000 keys. */
  @Benchmark
  @OperationsPerInvocation(KEYS)
  public PassAggregator addPerKey() {
    return aggregate();
  }

  /** The end of a pass of those 100,000 keys: sorting prefixes and top keys, building the result. */
  @Benchmark
  public PassResult finish() {
    return filled.finish(Instant.EPOCH, Duration.ZERO, 0, 0, java.util.Optional.empty());
  }

  private static void describe(PassResult pass) {
    Map<String, Double> types = new TreeMap<>();
    pass.encodings().forEach(e -> types.merge(e.dataType().label() + "/" + e.encoding(), e.keys(), Double::sum));
    Map<String, Double> findings = new TreeMap<>();
    pass.findings().forEach(f -> findings.merge(f.finding().label(), f.keys(), Double::sum));
    System.err.printf("[bench] %d keys; encodings %s; %d prefix groups, %d top keys; findings %s%n",
        pass.keysInspected(), types, pass.prefixes().size(), pass.topKeys().size(), findings);
  }
}

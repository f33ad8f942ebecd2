package io.github.redismem.bench;

import io.github.redismem.metrics.BuildInfo;
import io.github.redismem.metrics.MemoryStateConverter;
import io.github.redismem.redis.DbKeyspace;
import io.github.redismem.redis.DoctorText;
import io.github.redismem.redis.Fixtures;
import io.github.redismem.redis.InfoReply;
import io.github.redismem.redis.KeyspaceParser;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStats;
import io.github.redismem.redis.RedisCommand;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What each scrape does with Redis's replies, on recorded replies of Redis 7.0 and 8.2: INFO parsing, the keyspace
 * lines, MEMORY STATS, and the conversion of a whole MemoryState into metric snapshots.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InfoBenchmark {

  /** One server's recorded replies. */
  @State(Scope.Benchmark)
  public static class Sample {
    @Param({"redis-7.0", "redis-8.2"})
    public String sample;

    String info;
    String doctor;
    Map<String, String> keyspace;
    List<Object> memoryStats;
    MemoryState state;
    Map<String, String> config;
    MemoryStateConverter converter;
    Map<RedisCommand, Long> errors;

    @Setup
    public void setup() {
      info = Fixtures.text(sample + "/info.txt");
      doctor = Fixtures.text(sample + "/memory-doctor.txt");
      keyspace = InfoReply.parse(info).section("keyspace");
      memoryStats = Fixtures.memoryStats(sample + "/memory-stats.txt");
      state = Fixtures.state(sample);
      config = Fixtures.config(sample);
      converter = new MemoryStateConverter(new BuildInfo("0.1.0-SNAPSHOT", "benchmark"));
      errors = Map.of(RedisCommand.MEMORY_STATS, 2L);
      if (keyspace.isEmpty() || KeyspaceParser.parse(keyspace).isEmpty()) {
        throw new IllegalStateException(sample + ": no keyspace section");
      }
    }
  }

  /** A keyspace section with all 16 databases in use, as a multi-tenant instance prints it. */
  @State(Scope.Benchmark)
  public static class SixteenDbs {
    Map<String, String> keyspace = new LinkedHashMap<>();

    @Setup
    public void setup() {
      for (int db = 0; db < 16; db++) {
        keyspace.put("db" + db, "keys=" + (402118 + db * 7919) + ",expires=" + (1200 + db * 31) + ",avg_ttl="
            + (86134411 - db * 1000) + ",subexpiry=" + db);
      }
    }
  }

  @Benchmark
  public InfoReply infoParse(Sample s) {
    return InfoReply.parse(s.info);
  }

  @Benchmark
  public List<DbKeyspace> keyspaceParse(Sample s) {
    return KeyspaceParser.parse(s.keyspace);
  }

  @Benchmark
  public List<DbKeyspace> keyspaceParse16Dbs(SixteenDbs s) {
    return KeyspaceParser.parse(s.keyspace);
  }

  @Benchmark
  public MemoryStats memoryStatsParse(Sample s) {
    return MemoryStats.parse(s.memoryStats);
  }

  /** MemoryStateConverter#convert of a state built once: the metrics side of a scrape. */
  @Benchmark
  public MetricSnapshots convert(Sample s) {
    return s.converter.convert(s.state, s.errors);
  }

  /** From the replies' text to snapshots: everything a scrape computes, Redis round trips aside. */
  @Benchmark
  public MetricSnapshots parseAndConvert(Sample s) {
    MemoryState state = new MemoryState(true, Duration.ofMillis(3), Optional.of(InfoReply.parse(s.info)),
        Optional.of(MemoryStats.parse(s.memoryStats)), Optional.of(DoctorText.parse(s.doctor)), s.config, List.of(),
        Map.of());
    return s.converter.convert(state, s.errors);
  }
}

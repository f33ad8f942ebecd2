package io.github.redismem.analysis;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.RedisSession;
import io.github.redismem.redis.SamplingException;
import io.github.redismem.redis.ScanPage;
import io.github.redismem.redis.ServerView;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A measurement, not a check, so its name keeps it out of the suite; run it with {@code ./mvnw verify
 * -Dit.test=ThrottleCostProbe -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false}: one throttled pass per server, and what
 * the throttle counted for its batches against Redis's own CPU (INFO cpu and /proc), Redis's idle CPU measured
 * beforehand, and the commands' own times from INFO commandstats. {@code -Dprobe.keys}, {@code -Dprobe.ratio}
 * (the time-share cap), {@code -Dprobe.scripts=false} (pipelined commands), {@code -Dprobe.repeats}. The figures in
 * docs/sampling.md's throttle section come from it.
 */
class ThrottleCostProbe {
  static double procCpu(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  static double infoCpu(RedisServer r) {
    String info = r.admin().info("cpu");
    double s = 0;
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
        s += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return s;
  }

  static String cmdstats(RedisServer r) {
    StringBuilder b = new StringBuilder();
    for (String line : r.admin().info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String[] p = line.split("[:,=]");
        b.append(p[0].substring(8)).append(" calls=").append(p[2]).append(" usec=").append(p[4]).append("; ");
      }
    }
    return b.toString();
  }

  static final class Counting implements KeyspaceReader {
    final KeyspaceReader d;
    long serverNanos, roundTrip, counted, batches, keys, infos;
    Counting(KeyspaceReader d) { this.d = d; }
    public ServerView server() throws SamplingException { infos++; return d.server(); }
    public ServerView serverState() throws SamplingException { infos++; return d.serverState(); }
    public long redisCpuNanos() throws SamplingException { return d.redisCpuNanos(); }
    public ScanPage scan(int db, String c, int n) throws SamplingException { return d.scan(db, c, n); }
    public Inspection inspect(int db, List<byte[]> k, InspectOptions o) throws SamplingException { return d.inspect(db, k, o); }
    public ScanInspection scanAndInspect(int db, String c, int n, InspectOptions o) throws SamplingException {
      long t0 = System.nanoTime();
      ScanInspection s = d.scanAndInspect(db, c, n, o);
      long rt = System.nanoTime() - t0;
      batches++;
      keys += s.scanned();
      roundTrip += rt;
      if (s.inspection().serverNanos() >= 0) serverNanos += s.inspection().serverNanos();
      counted += Throttle.busyNanos(s.inspection().serverNanos(), s.scanned(), rt);
      return s;
    }
    public void close() { d.close(); }
  }

  @RedisTest
  void measure(RedisBinary binary) throws Exception {
    int keys = Integer.getInteger("probe.keys", 60_000);
    String ratio = System.getProperty("probe.ratio", "0.05");
    boolean scripts = Boolean.parseBoolean(System.getProperty("probe.scripts", "true"));
    int repeats = Integer.getInteger("probe.repeats", 1);
    try (RedisServer redis = binary.start()) {
      try (RedisClient client = RedisClient.create(redis.uri());
          StatefulRedisConnection<String, String> c = client.connect()) {
        RedisAsyncCommands<String, String> a = c.async();
        c.setAutoFlushCommands(false);
        for (int i = 0; i < keys; i++) {
          a.set("k:" + i, "value-" + i);
          if (i % 1000 == 999) c.flushCommands();
        }
        c.flushCommands();
        c.setAutoFlushCommands(true);
        a.ping().toCompletableFuture().join();
      }
      long pid = Long.parseLong(redis.admin().info("server").lines().filter(l -> l.startsWith("process_id:"))
          .findFirst().orElseThrow().substring(11).trim());
      double i0 = infoCpu(redis);
      Thread.sleep(5000);
      double idle = (infoCpu(redis) - i0) / 5.0;
      ExporterConfig config = ConfigLoader.load(CommandLine.parse(new String[] {"--redis.addr=" + redis.uri(),
          "--sampling.maxRedisTimeRatio=" + ratio, "--sampling.luaScripts=" + scripts}), Map.of());
      for (int rep = 0; rep < repeats; rep++) {
        try (RedisSession session = new RedisSession(config.redis())) {
          Counting reader = new Counting(session.keyspaceReader(scripts));
          KeySampler sampler = new KeySampler(reader, config.sampling(), config.thresholds());
          redis.admin().configResetstat();
          double info0 = infoCpu(redis);
          double proc0 = procCpu(pid);
          long t0 = System.nanoTime();
          SinglePass pass = sampler.runOnce(PassProgress.NONE, () -> false).orElseThrow();
          double wall = (System.nanoTime() - t0) / 1e9;
          double info1 = infoCpu(redis);
          double proc1 = procCpu(pid);
          String stats = cmdstats(redis);
          double dInfo = info1 - info0;
          System.out.printf("PROBE redis=%s scripts=%s ratio=%s keys=%d wall=%.2fs keys/s=%.0f batches=%d infos=%d"
              + " | counted=%.1fms (%.2f%%) serverTIME=%.1fms roundtrip=%.1fms | INFO cpu=%.1fms (%.2f%%) proc=%.2fs"
              + " (%.2f%%) idle=%.3f%% | cpu/counted=%.3f cpu/serverTIME=%.3f (cpu-idle-counted)/batch=%.1fus"
              + " (cpu-idle-serverTIME)/key=%.2fus | %s | result ratio=%.4f%n",
              redis.version(), scripts, ratio, reader.keys, wall, reader.keys / wall, reader.batches, reader.infos,
              reader.counted / 1e6, 100.0 * reader.counted / 1e9 / wall, reader.serverNanos / 1e6,
              reader.roundTrip / 1e6, dInfo * 1e3, 100 * dInfo / wall, proc1 - proc0, 100 * (proc1 - proc0) / wall,
              100 * idle, dInfo / (reader.counted / 1e9), dInfo / (reader.serverNanos / 1e9),
              (dInfo - idle * wall - reader.counted / 1e9) * 1e6 / reader.batches,
              (dInfo - idle * wall - reader.serverNanos / 1e9) * 1e6 / reader.keys,
              stats, pass.result().redisTimeRatio());
          sampler.close();
        }
      }
    }
  }
}

package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.redis.AllocatorReader;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.RedisSession;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A server set up with rename-command: with redis.renamedCommands the exporter sends every command under the
 * server's name, in the scrape, in the sampler's pipelined commands, inside the inspection script and in the
 * allocator read, and gets the same answers as from a server without renames; without it, it degrades as for
 * refused commands. A command renamed to "" (disabled) is never sent.
 */
class RenamedCommandsIT {
  /** Commands of every part of the exporter, among them four the inspection script calls. */
  private static final String[] RENAMES = {"rename-command CONFIG cfg_7e1", "rename-command MEMORY mem_7e1",
      "rename-command OBJECT obj_7e1", "rename-command SCAN scan_7e1", "rename-command TYPE type_7e1",
      "rename-command TIME time_7e1", "rename-command INFO info_7e1"};
  private static final String MAPPING = "CONFIG=cfg_7e1,MEMORY=mem_7e1,OBJECT=obj_7e1,SCAN=scan_7e1,TYPE=type_7e1,"
      + "TIME=time_7e1,INFO=info_7e1";

  @RedisTest
  void withTheMappingEverythingAnswersAsWithoutRenames(RedisBinary binary) throws Exception {
    try (RedisServer renamed = binary.start(RENAMES); RedisServer plain = binary.start()) {
      LeastPrivilegeIT.fill(renamed.admin());
      LeastPrivilegeIT.fill(plain.admin());
      for (boolean scripts : new boolean[] {true, false}) {
        Run reference = run(plain, scripts);
        Run run = run(renamed, scripts, "--redis.renamed-commands=" + MAPPING);
        assertThat(run.status.limits()).as("scripts " + scripts).isEmpty();
        assertThat(run.status.capabilities()).allSatisfy((command, allowed) -> assertThat(allowed).as(command).isTrue());
        assertThat(run.status.errors().values()).allMatch(n -> n == 0);
        assertThat(run.pass.result().keysInspected()).isEqualTo(25);
        assertThat(groups(run.pass)).isEqualTo(groups(reference.pass));
        assertThat(run.scrape.up()).isTrue();
        assertThat(run.scrape.skipped()).isEmpty();
        assertThat(run.scrape.failed()).isEmpty();
        assertThat(run.scrape.memoryStats()).isPresent();
        assertThat(run.scrape.doctor()).isPresent();
        assertThat(run.scrape.config()).isEqualTo(reference.scrape.config()).isNotEmpty();
        assertThat(run.allocatorUnavailable).as("MEMORY MALLOC-STATS").isEmpty();
      }
      // the script ran (it was not refused: the limits are empty), and the server counted the renamed commands'
      // calls under their original names
      String stats = renamed.admin().dispatch(() -> "info_7e1".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
          new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8).add("commandstats"));
      assertThat(stats).contains("cmdstat_evalsha", "cmdstat_object", "cmdstat_memory", "cmdstat_time:",
          "cmdstat_config");
    }
  }

  @RedisTest
  void withoutTheMappingTheRenamedCommandsCountAsRefused(RedisBinary binary) throws Exception {
    try (RedisServer renamed = binary.start(RENAMES)) {
      LeastPrivilegeIT.fill(renamed.admin());
      ExporterConfig config = config(renamed, true, "--redis.renamed-commands=INFO=info_7e1");
      try (RedisSession session = new RedisSession(config.redis());
          KeySampler sampler = new KeySampler(session.keyspaceReader(true), config.sampling(), config.thresholds())) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sampler.runOnce(PassProgress.NONE, () -> false))
            .hasMessageContaining("SCAN refused");
        // the probe stops at the refused SCAN; CONFIG GET was refused when the pass read the thresholds
        assertThat(sampler.status().capabilities()).containsEntry("scan", false).containsEntry("config_get", false);
        MemoryState scrape = session.memoryStateReader().read();
        assertThat(scrape.up()).isTrue();
        assertThat(scrape.skipped().keySet()).extracting(c -> c.label())
            .containsExactlyInAnyOrder("memory_stats", "memory_doctor", "config_get");
      }
    }
  }

  @RedisTest
  void aDisabledCommandIsNeverSent(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start("rename-command CONFIG \"\"", "rename-command MEMORY \"\"")) {
      LeastPrivilegeIT.fill(redis.admin());
      Run run = run(redis, true, "--redis.renamed-commands=CONFIG=,MEMORY=");
      assertThat(run.pass.result().keysInspected()).isEqualTo(25);
      assertThat(run.status.limits()).containsExactlyInAnyOrder("sizes estimated (MEMORY USAGE not permitted)",
          "thresholds from the configuration (CONFIG GET not permitted)");
      assertThat(run.scrape.up()).isTrue();
      assertThat(run.scrape.skipped().keySet()).extracting(c -> c.label())
          .containsExactlyInAnyOrder("memory_stats", "memory_doctor", "config_get");
      assertThat(run.allocatorUnavailable).isPresent();
    }
    // on a server that would answer them, the commands said to be disabled are still never sent
    try (RedisServer redis = binary.start()) {
      LeastPrivilegeIT.fill(redis.admin());
      Run run = run(redis, true, "--redis.renamed-commands=CONFIG=,MEMORY=");
      assertThat(run.status.limits()).hasSize(2);
      String stats = redis.admin().info("commandstats");
      assertThat(stats).contains("cmdstat_info", "cmdstat_scan").doesNotContain("cmdstat_config", "cmdstat_memory");
    }
  }

  private static List<String> groups(SinglePass pass) {
    return pass.result().encodings().stream().map(g -> g.dataType().label() + " " + g.encoding() + ": " + g.keys()
        + " keys, " + g.bytes() + " bytes").sorted().collect(Collectors.toList());
  }

  record Run(SinglePass pass, SamplerStatus status, MemoryState scrape, Optional<String> allocatorUnavailable) {}

  private static ExporterConfig config(RedisServer redis, boolean scripts, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("--redis.addr=redis://" + redis.host() + ":" + redis.port(),
        "--sampling.onPrimary=true", "--sampling.luaScripts=" + scripts, LeastPrivilegeIT.PACE));
    args.addAll(List.of(more));
    return ConfigLoader.load(CommandLine.parse(args.toArray(String[]::new)), Map.of());
  }

  private static Run run(RedisServer redis, boolean scripts, String... more) throws Exception {
    ExporterConfig config = config(redis, scripts, more);
    try (RedisSession session = new RedisSession(config.redis())) {
      KeyspaceReader reader = session.keyspaceReader(config.sampling().luaScripts());
      try (KeySampler sampler = new KeySampler(reader, config.sampling(), config.thresholds(), PassClock.SYSTEM)) {
        SinglePass pass = sampler.runOnce(PassProgress.NONE, () -> false).orElseThrow();
        MemoryState scrape = session.memoryStateReader().read();
        Optional<String> allocator;
        try (AllocatorReader malloc = session.allocatorReader()) {
          allocator = malloc.read().unavailable();
        }
        return new Run(pass, sampler.status(), scrape, allocator);
      }
    }
  }
}

package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.CommandLine;
import io.github.redismem.config.ConfigLoader;
import io.github.redismem.config.ExporterConfig;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.RedisSession;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;

/**
 * The sampler under users the test creates with ACL SETUSER: each missing permission degrades the pass (a
 * database skipped, sizes estimated, encodings inferred, pipelined commands) instead of abandoning it.
 */
class LeastPrivilegeIT {

  @RedisTest
  void aRefusedSelectSkipsThatDatabaseNotThePass(RedisBinary binary) throws Exception {
    try (RedisServer redis = binary.start()) {
      RedisCommands<String, String> r = redis.admin();
      fill(r);
      r.aclSetuser("nosel", io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("pw").allKeys()
          .allCommands().removeCommand(io.lettuce.core.protocol.CommandType.SELECT));
      Run run = pass(redis, "nosel", true);
      assertThat(run.pass.result().keysInspected()).isEqualTo(20);
      assertThat(run.pass.partial()).isFalse();
      assertThat(run.status.limits()).singleElement().asString().startsWith("db 1 skipped (SELECT 1 refused: NOPERM");
      assertThat(run.status.errors().values()).allMatch(n -> n == 0);
    }
  }

  /** 20 strings in db 0 and 5 in db 1. */
  static void fill(RedisCommands<String, String> r) {
    for (int i = 0; i < 20; i++) {
      r.set("k:" + i, "value-" + i);
    }
    r.select(1);
    for (int i = 0; i < 5; i++) {
      r.set("other:" + i, "v");
    }
    r.select(0);
  }

  record Run(SinglePass pass, SamplerStatus status) {}

  static Run pass(RedisServer redis, String user, boolean scripts, String... flags) throws Exception {
    String[] args = new String[3 + flags.length];
    args[0] = "--redis.addr=redis://" + user + ":pw@" + redis.host() + ":" + redis.port();
    args[1] = "--sampling.onPrimary=true";
    args[2] = "--sampling.luaScripts=" + scripts;
    System.arraycopy(flags, 0, args, 3, flags.length);
    ExporterConfig config = ConfigLoader.load(CommandLine.parse(args), Map.of());
    try (RedisSession session = new RedisSession(config.redis())) {
      KeyspaceReader reader = session.keyspaceReader(config.sampling().luaScripts());
      KeySampler sampler = new KeySampler(reader, config.sampling(), config.thresholds(), PassClock.SYSTEM);
      SinglePass pass = sampler.runOnce(PassProgress.NONE, () -> false).orElseThrow();
      SamplerStatus status = sampler.status();
      sampler.close();
      return new Run(pass, status);
    }
  }
}

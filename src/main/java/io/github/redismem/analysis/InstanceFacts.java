package io.github.redismem.analysis;

import io.github.redismem.redis.DbKeyspace;
import io.github.redismem.redis.InfoReply;
import io.github.redismem.redis.KeyspaceParser;
import io.github.redismem.redis.MemoryState;
import io.github.redismem.redis.MemoryStats;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The numbers of one memory state that the instance findings read, each from MEMORY STATS when it has it (full
 * precision) and else from INFO, so that the rules work where MEMORY STATS or CONFIG GET is blocked.
 */
record InstanceFacts(InfoReply info, MemoryStats stats, Map<String, String> config, long keys, long expires) {

  static InstanceFacts of(MemoryState state) {
    InfoReply info = state.info().orElse(InfoReply.parse(""));
    long keys = 0;
    long expires = 0;
    for (DbKeyspace db : KeyspaceParser.parse(info.section("keyspace"))) {
      keys += db.keys();
      expires += db.expires();
    }
    return new InstanceFacts(info, state.memoryStats().orElse(null), state.config(), keys, expires);
  }

  /** An INFO field; empty when the server did not print it. */
  OptionalDouble info(String section, String field) {
    return info.number(section, field);
  }

  double info(String section, String field, double otherwise) {
    return info.number(section, field).orElse(otherwise);
  }

  /** A MEMORY STATS field when present, else the INFO memory field. */
  OptionalDouble memory(String statsField, String infoField) {
    if (stats != null) {
      OptionalDouble v = stats.field(statsField);
      if (v.isPresent()) {
        return v;
      }
    }
    return info.number("memory", infoField);
  }

  String text(String section, String field) {
    return info.get(section, field).orElse("");
  }

  /** A CONFIG GET value as a whole number; empty when CONFIG GET is blocked or the setting unknown. */
  OptionalLong configNumber(String name) {
    String v = config.get(name);
    return v != null && v.strip().matches("-?\\d+") ? OptionalLong.of(Long.parseLong(v.strip())) : OptionalLong.empty();
  }

  /** The server's major version (Valkey's own, which is what its commands follow); 0 when unknown. */
  int major() {
    String version = info.get("server", "valkey_version").or(() -> info.get("server", "redis_version")).orElse("");
    int dot = version.indexOf('.');
    try {
      return Integer.parseInt((dot < 0 ? version : version.substring(0, dot)).strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Share of keys with a TTL, 0 without keys. */
  double expiringShare() {
    return keys > 0 ? (double) expires / keys : 0;
  }
}

package io.github.redismem.analysis;

import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.redis.ServerView;
import java.util.OptionalLong;

/**
 * The encoding thresholds the findings compare keys with: from CONFIG GET, else the configuration, else the
 * server version's defaults. {@code setMaxListpackEntries} is 0 before 7.2, which has no listpack sets.
 */
public record Thresholds(long hashMaxEntries, long hashMaxValue, long zsetMaxEntries, long zsetMaxValue,
    long setMaxIntsetEntries, long setMaxListpackEntries, long setMaxListpackValue, boolean fromConfigGet) {

  public static Thresholds resolve(ServerView server, ThresholdSettings settings) {
    boolean listpackSets = server.atLeast(7, 2);
    long hashEntries = pick(server.configNumber("hash-max-listpack-entries", "hash-max-ziplist-entries"),
        settings.hashMaxListpackEntries(), 512);
    return new Thresholds(hashEntries,
        pick(server.configNumber("hash-max-listpack-value", "hash-max-ziplist-value"),
            settings.hashMaxListpackValue(), 64),
        pick(server.configNumber("zset-max-listpack-entries", "zset-max-ziplist-entries"),
            settings.zsetMaxListpackEntries(), 128),
        pick(server.configNumber("zset-max-listpack-value", "zset-max-ziplist-value"),
            settings.zsetMaxListpackValue(), 64),
        pick(server.configNumber("set-max-intset-entries"), settings.setMaxIntsetEntries(), 512),
        listpackSets ? pick(server.configNumber("set-max-listpack-entries"), settings.setMaxListpackEntries(), 128) : 0,
        listpackSets ? pick(server.configNumber("set-max-listpack-value"), settings.setMaxListpackValue(), 64) : 0,
        server.configNumber("hash-max-listpack-entries", "hash-max-ziplist-entries").isPresent());
  }

  private static long pick(OptionalLong fromServer, long configured, long versionDefault) {
    return fromServer.orElse(configured >= 0 ? configured : versionDefault);
  }
}

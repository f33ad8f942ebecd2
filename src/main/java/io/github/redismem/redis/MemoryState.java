package io.github.redismem.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one scrape read from Redis, immutable. Parts that failed or were skipped are empty; {@code up} says
 * whether Redis answered INFO, the one command everything else needs.
 *
 * @param config CONFIG GET results (name to value) for the encoding, memory and defrag settings
 * @param failed the commands that failed during this read, each at most once
 * @param skipped optional commands skipped because Redis refused them for good, with the reason
 */
public record MemoryState(boolean up, Duration duration, Optional<InfoReply> info, Optional<MemoryStats> memoryStats,
    Optional<DoctorText> doctor, Map<String, String> config, List<RedisCommand> failed,
    Map<RedisCommand, CommandFailure> skipped) {

  public static MemoryState down(Duration duration, List<RedisCommand> failed, Map<RedisCommand, CommandFailure> skipped) {
    return new MemoryState(false, duration, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
        List.copyOf(failed), Map.copyOf(skipped));
  }
}

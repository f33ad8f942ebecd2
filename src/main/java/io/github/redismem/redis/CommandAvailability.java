package io.github.redismem.redis;

import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Which optional commands this Redis refuses for good (ACL, rename-command, a managed service). A refusal is
 * logged once, with its reason, and the command is skipped from then on. A restarted server (new run_id) may be
 * configured differently, so it is probed afresh.
 */
final class CommandAvailability {
  private static final Logger LOG = Logger.getLogger(CommandAvailability.class.getName());
  private final Map<RedisCommand, CommandFailure> skipped = new EnumMap<>(RedisCommand.class);
  private String runId = "";

  synchronized boolean skip(RedisCommand command) {
    return skipped.containsKey(command);
  }

  synchronized void serverIs(String currentRunId) {
    if (currentRunId != null && !currentRunId.equals(runId)) {
      if (!runId.isEmpty() && !skipped.isEmpty()) {
        LOG.info("Redis restarted (new run_id): probing the skipped commands again");
      }
      runId = currentRunId;
      skipped.clear();
    }
  }

  /** Records a refusal; returns true if it is permanent, i.e. the command is now skipped. */
  synchronized boolean refused(RedisCommand command, CommandFailure failure, String redisMessage) {
    if (!command.optional() || !failure.permanent()) {
      return false;
    }
    if (skipped.putIfAbsent(command, failure) == null) {
      LOG.warning(String.format("skipping %s from now on: %s (Redis said: %s); the metrics that need it are left out",
          command.label(), failure.label().replace('_', ' '), redisMessage));
    }
    return true;
  }

  synchronized Map<RedisCommand, CommandFailure> snapshot() {
    return skipped.isEmpty() ? Map.of() : Map.copyOf(skipped);
  }
}

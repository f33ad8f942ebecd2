package io.github.redismem.http;

import io.github.redismem.config.ConfigException;
import io.github.redismem.config.WebConfig;
import io.github.redismem.config.WebConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The web config file as it is now: re-read when its modification time or size changes, checked at each request
 * (one stat), so users can be added or removed without a restart. A file that stopped being valid fails closed,
 * as the exporter-toolkit does: requests get 500 until it is fixed, and the problem is logged once.
 */
final class LiveWebConfig {
  private static final Logger LOG = Logger.getLogger(LiveWebConfig.class.getName());

  /** The config, or why there is none. */
  record State(Optional<WebConfig> config, String problem) {}

  private final Optional<Path> file;
  private volatile Stamp stamp;
  private volatile State state;

  private record Stamp(FileTime modified, long size) {}

  LiveWebConfig(Optional<Path> file) {
    this.file = file;
    this.state = file.isEmpty() ? new State(Optional.of(WebConfig.NONE), "") : read(file.get());
  }

  /** The config as the file now says, re-read if it changed since the last call. */
  State current() {
    if (file.isEmpty()) {
      return state;
    }
    Stamp now = stamp(file.get());
    if (!now.equals(stamp)) {
      synchronized (this) {
        if (!now.equals(stamp)) {
          State fresh = read(file.get());
          if (fresh.config().isEmpty()) {
            LOG.warning("web.config.file " + file.get() + " is no longer valid, answering 500 until it is fixed: "
                + fresh.problem());
          } else if (stamp != null) {
            LOG.info("web.config.file " + file.get() + " re-read");
          }
          state = fresh;
          stamp = now;
        }
      }
    }
    return state;
  }

  private State read(Path path) {
    Stamp before = stamp(path);
    try {
      WebConfig config = WebConfigFile.load(path);
      stamp = before;
      return new State(Optional.of(config), "");
    } catch (ConfigException e) {
      stamp = before;
      return new State(Optional.empty(), e.getMessage());
    }
  }

  private static Stamp stamp(Path path) {
    try {
      return new Stamp(Files.getLastModifiedTime(path), Files.size(path));
    } catch (IOException e) {
      return new Stamp(FileTime.fromMillis(0), -1);
    }
  }
}

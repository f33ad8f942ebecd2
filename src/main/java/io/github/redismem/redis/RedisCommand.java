package io.github.redismem.redis;

/** The commands a scrape sends, as a fixed set usable as a metric label. */
public enum RedisCommand {
  CONNECT("connect", false),
  INFO("info", false),
  MEMORY_STATS("memory_stats", true),
  MEMORY_DOCTOR("memory_doctor", true),
  CONFIG_GET("config_get", true);

  private final String label;
  private final boolean optional;

  RedisCommand(String label, boolean optional) {
    this.label = label;
    this.optional = optional;
  }

  public String label() {
    return label;
  }

  /** Optional commands are skipped for good once Redis says they are denied, renamed or missing. */
  public boolean optional() {
    return optional;
  }
}

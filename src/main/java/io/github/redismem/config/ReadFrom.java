package io.github.redismem.config;

import java.util.Locale;

/**
 * Which node the key sampler reads ({@code sampling.readFrom}), chosen again at the start of every pass so that
 * it follows failovers: a replica of redis.addr where one is online (sampling costs the node it runs on, and a
 * replica serves no clients' writes), the primary, or redis.addr itself whatever its role.
 */
public enum ReadFrom {
  /** An online replica; redis.addr itself when it is a replica or has none (then subject to onPrimary). */
  REPLICA,
  /** The primary: redis.addr, or the primary it replicates from. */
  PRIMARY,
  /** redis.addr, whatever its role (the behaviour before readFrom existed). */
  ANY;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static final ValueKind<ReadFrom> KIND =
      raw -> ReadFrom.valueOf(Scalars.oneOf(raw, "replica", "primary", "any").toUpperCase(Locale.ROOT));
}

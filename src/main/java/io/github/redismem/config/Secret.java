package io.github.redismem.config;

import java.util.Objects;

/** A password that never shows itself in {@code toString()}, logs or pages. */
public final class Secret {
  private static final Secret NONE = new Secret("");
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return value == null || value.isEmpty() ? NONE : new Secret(value);
  }

  public static Secret none() {
    return NONE;
  }

  public boolean isPresent() {
    return !value.isEmpty();
  }

  /** The clear text, for the one place that hands it to Redis. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  @Override
  public String toString() {
    return isPresent() ? "<redacted>" : "<none>";
  }
}

package io.github.redismem.config;

import java.util.regex.Pattern;

/** Shows a Redis URL without the password it may carry. */
public final class RedisUriText {
  private static final Pattern USERINFO_PASSWORD = Pattern.compile("^([a-z-]+://)([^:@/]*):.*@(?=[^@]*$)");

  private RedisUriText() {}

  public static String redact(String uri) {
    return USERINFO_PASSWORD.matcher(uri).replaceFirst("$1$2:<redacted>@");
  }
}

package io.github.redismem.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** For tests outside the package: the arguments (ARGV) of inspect.lua's KEYS mode, as the sampler sends them. */
public final class ScriptArgs {
  private ScriptArgs() {}

  public static List<String> keysMode(KeyspaceReader.InspectOptions options) {
    return Arrays.stream(InspectionScript.args(options, true)).map(b -> new String(b, StandardCharsets.US_ASCII))
        .toList();
  }
}

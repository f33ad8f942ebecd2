package io.github.redismem.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * For tests outside the package: the arguments (ARGV) of inspect.lua's KEYS mode in db 0, as the sampler sends them;
 * the SCAN mode's own ({@link #SCAN_MODE_ARGS}) before any keys carried.
 */
public final class ScriptArgs {
  public static final int SCAN_MODE_ARGS = InspectionScript.FIXED_ARGS;

  private ScriptArgs() {}

  public static List<String> keysMode(KeyspaceReader.InspectOptions options) {
    return Arrays.stream(InspectionScript.args(options, true, 0, new byte[][] {new byte[0], new byte[0]}))
        .map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
  }
}

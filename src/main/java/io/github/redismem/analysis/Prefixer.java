package io.github.redismem.analysis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups a key under a prefix: the first user regex's {@code prefix} group that matches, else the key up to and
 * including its {@code depth}-th delimiter (or its last one), with digit runs turned into {@code *} so ids fall
 * together. A key without any delimiter belongs to {@value #NONE}.
 */
public final class Prefixer {
  public static final String NONE = "(none)";
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private final boolean[] delimiter = new boolean[256];
  private final int depth;
  private final List<Pattern> patterns;

  public Prefixer(String delimiters, int depth, List<Pattern> patterns) {
    for (byte b : delimiters.getBytes(StandardCharsets.UTF_8)) {
      delimiter[b & 0xff] = true;
    }
    this.depth = depth;
    this.patterns = List.copyOf(patterns);
  }

  public String prefixOf(byte[] key) {
    if (!patterns.isEmpty()) {
      String text = KeyText.of(key, Integer.MAX_VALUE);
      for (Pattern p : patterns) {
        Matcher m = p.matcher(text);
        if (m.find() && m.group("prefix") != null) {
          return m.group("prefix");
        }
      }
    }
    int end = -1;
    int seen = 0;
    for (int i = 0; i < key.length && seen < depth; i++) {
      if (delimiter[key[i] & 0xff]) {
        end = i;
        seen++;
      }
    }
    if (end < 0) {
      return NONE;
    }
    byte[] prefix = java.util.Arrays.copyOf(key, end + 1);
    return DIGITS.matcher(KeyText.of(prefix)).replaceAll("*");
  }
}

package io.github.redismem.analysis;

import io.github.redismem.config.SamplingSettings;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The settings that decide which group a key's memory is counted in: two passes' prefixes can be compared only when
 * these are the same. The sample ratio is not part of it: a sampled pass estimates the same groups.
 *
 * @param prefixPatterns the patterns' source text, in order
 */
public record PassScope(String prefixDelimiters, int prefixDepth, List<String> prefixPatterns, int maxPrefixes) {
  public PassScope {
    prefixPatterns = List.copyOf(prefixPatterns);
  }

  public static PassScope of(SamplingSettings s) {
    return new PassScope(s.prefixDelimiters(), s.prefixDepth(),
        s.prefixPatterns().stream().map(Pattern::pattern).toList(), s.maxPrefixes());
  }
}

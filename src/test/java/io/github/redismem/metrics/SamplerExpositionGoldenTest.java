package io.github.redismem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.SamplePasses;
import io.github.redismem.analysis.SamplerStatus;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sampler's whole exposition for a representative pass ({@link SamplePasses}: every type, both kinds of
 * finding, top keys with awkward names), exact and sampled, compared with a reviewed golden file
 * (src/test/resources/golden). After an intended change, rerun with {@code -Dgolden.update=true} and review the diff.
 */
class SamplerExpositionGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  static String exposition(PassResult pass) throws IOException {
    SamplerStatus status = new SamplerStatus(12_345, 7, 3, new TreeMap<>(Map.of("timeout", 2L, "connection", 1L)),
        0.25, 0.004, pass.sampleRatio(), "idle", Optional.of(pass));
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new SamplerCollector(() -> status));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"exact", "sampled"})
  void expositionMatchesTheGoldenFile(String kind) throws IOException {
    String actual = exposition(kind.equals("exact") ? SamplePasses.exact() : SamplePasses.sampled());
    Path golden = GOLDEN.resolve("sampler-" + kind + ".prom");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, actual);
    }
    assertThat(actual).isEqualTo(Files.readString(golden));
  }

  /**
   * Label values are escaped as the text format requires, whatever bytes the key held: {@code KeyText} has made
   * control and non-UTF-8 bytes {@code \xNN} and a backslash {@code \\} already, and the writer escapes each
   * backslash and quote again.
   */
  @Test
  void awkwardKeyNamesAreEscapedLabelValues() throws IOException {
    String text = exposition(SamplePasses.exact());
    assertThat(text).contains(
        "redismem_top_key_memory_bytes{data_type=\"string\",db=\"0\",encoding=\"raw\",key=\"quote\\\"key\"}",
        "key=\"back\\\\\\\\slash\"",
        "key=\"new\\\\x0aline\"",
        "key=\"bin:\\\\xff\\\\xfe\\\\x00x\"",
        "key=\"ключ:1\"", "key=\"long:" + "x".repeat(115) + "...(+85 bytes)\"");
    assertThat(text.lines().filter(l -> l.startsWith("redismem_top_key_memory_bytes{")).count()).isEqualTo(10);
  }
}

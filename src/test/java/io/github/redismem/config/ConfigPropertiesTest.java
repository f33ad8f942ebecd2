package io.github.redismem.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.HostileReplies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Any configuration file and any password map a user (or a broken deployment) can produce gives either a
 * configuration or the one documented error naming where the problem is: {@link ConfigException} with a path for
 * the YAML file, {@link ValueKind.Invalid} for the password map, {@link IllegalArgumentException} for
 * {@link JsonReader}. Never another exception, which would reach the user as a stack trace.
 */
class ConfigPropertiesTest {
  private static final int TRIES = 300;
  private static Path dir;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("config-properties");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  @Property(tries = TRIES)
  void anyYamlGivesAConfigOrAnErrorNamingAPath(@ForAll("yaml") byte[] yaml) throws IOException {
    Path file = Files.createTempFile(dir, "c", ".yml");
    Files.write(file, yaml);
    try {
      ExporterConfig config = ConfigLoader.load(CommandLine.parse("--config.file=" + file), Map.of());
      assertThat(config).isNotNull();
    } catch (ConfigException e) {
      assertThat(e.path()).isNotBlank();
      assertThat(e.getMessage()).startsWith(e.path() + ": ");
    } finally {
      Files.delete(file);
    }
  }

  @Provide
  Arbitrary<byte[]> yaml() {
    // as bytes: a file need not be UTF-8 (random bytes, a lone surrogate written by some editor)
    return Arbitraries.oneOf(yamlText().map(t -> t.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(500));
  }

  private Arbitrary<String> yamlText() {
    String shipped;
    try {
      shipped = Files.readString(Path.of("config/redis-memory-exporter.yml"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Arbitraries.oneOf(HostileReplies.text(List.of(shipped, "redis:\n  addr: x\nsampling:\n  enabled: true\n")),
        settingsTree().map(ConfigPropertiesTest::dump),
        Arbitraries.of("a: &a [*a]\n", "a: !!java.io.File /tmp\n", "&a [*a, *a]", "[" .repeat(100_000),
            "a: " + "[".repeat(60) + "]".repeat(60), "- 1\n- 2\n", "just text", "redis: ~\n", "? [a]\n: 1\n",
            "redis:\n  addr: 1\n  addr: 2\n"));
  }

  /** Known setting paths (and near misses) with values of every YAML kind, nested as the file nests them. */
  private static Arbitrary<Map<String, Object>> settingsTree() {
    Arbitrary<String> path = Arbitraries.oneOf(Arbitraries.of(Setting.ALL).map(Setting::path),
        Arbitraries.of("redis", "sampling.keyNames", "redis.nope", "targets", "web", "redis.addr.x"));
    Arbitrary<Object> value = Arbitraries.oneOf(Arbitraries.of(HostileReplies.ODD_NUMBERS).map(v -> (Object) v),
        Arbitraries.of("5s", "-3s", "0", "off", "yes", "redis://h:1", "rediss://", "127.0.0.1:99999", "a=b,c",
            "x".repeat(5000)).map(v -> (Object) v),
        Arbitraries.longs().map(v -> (Object) v), Arbitraries.doubles().map(v -> (Object) v),
        Arbitraries.of(true, false).map(v -> (Object) v), Arbitraries.just(null),
        Arbitraries.strings().ofMaxLength(20).list().ofMaxSize(3).map(v -> (Object) new ArrayList<>(v)),
        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), Arbitraries.strings().ofMaxLength(6))
            .ofMaxSize(3).map(v -> (Object) new LinkedHashMap<>(v)));
    return Arbitraries.maps(path, value).ofMaxSize(6).map(flat -> {
      Map<String, Object> tree = new LinkedHashMap<>();
      flat.forEach((p, v) -> put(tree, p.split("\\."), 0, v));
      return tree;
    });
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> tree, String[] path, int at, Object value) {
    if (at == path.length - 1) {
      tree.put(path[at], value);
      return;
    }
    Object child = tree.computeIfAbsent(path[at], k -> new LinkedHashMap<String, Object>());
    if (child instanceof Map<?, ?> m) {
      put((Map<String, Object>) m, path, at + 1, value);
    }
  }

  private static String dump(Map<String, Object> tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(tree);
  }

  @Property(tries = TRIES)
  void anyPasswordMapGivesAMapOrInvalid(@ForAll("json") String json) {
    try {
      PasswordMap.parse(json).forEach((k, v) -> assertThat(v).isNotNull());
    } catch (ValueKind.Invalid e) {
      assertThat(e.getMessage()).startsWith("not a JSON object of URI to password");
    }
  }

  @Property(tries = TRIES)
  void jsonReaderThrowsOnlyIllegalArgument(@ForAll("json") String json) {
    try {
      JsonReader.parse(json);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> json() {
    String real = "{\"redis://localhost:6379\": \"pw\", \"rediss://h:6380\": \"p\\u00e9\\n\\\"q\\\"\", \"x\": \"\"}";
    return Arbitraries.oneOf(HostileReplies.text(List.of(real, "[1, 2.5e10, -0, true, null, {\"a\": []}]")),
        Arbitraries.of("[".repeat(100_000), "{\"a\":".repeat(10_000), "\"\\ud800\"", "1e99999", "-", "{\"a\" 1}",
            "{\"a\": \"b\",}", "\"" + "\\u00".repeat(3), "{\"k\": \"" + "v".repeat(2 << 20) + "\"}"));
  }
}

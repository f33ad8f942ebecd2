package io.github.redismem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** redis.passwordMapFile: redis_exporter's JSON map of URI to password. */
class PasswordMapTest {
  @TempDir
  Path dir;

  @Test
  void parsesAJsonObjectOfStrings() throws Exception {
    assertThat(PasswordMap.parse("""
        {
          "redis://cache:6379": "pw",
          "rediss://exporter@other:6380" : "p\\"w\\\\2\\u00e9\\n",
          "redis://nopass:6379": ""
        }
        """)).containsExactly(Map.entry("redis://cache:6379", "pw"),
        Map.entry("rediss://exporter@other:6380", "p\"w\\2\u00e9\n"), Map.entry("redis://nopass:6379", ""));
    assertThat(PasswordMap.parse(" {} ")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[\"secret-a\"] | the file holds a JSON array, not an object",
      "{\"redis://a:1\": 5} | the value of redis://a:1 is not a string",
      "{\"redis://a:1\": \"secret-a\" | not valid JSON: expected '}' at line 1, column 27",
      "{\"redis://a:1\": \"secret-a\"} x | not valid JSON: text after the JSON value at line 1, column 29",
      "{\"redis://a:1\" \"secret-a\"} | not valid JSON: expected ':' at line 1, column 16",
      "{\"redis://a:1\": \"secret-\\q\"} | not valid JSON: bad escape in a string at line 1, column 27",
      "{redis: \"secret-a\"} | not valid JSON: expected a member name at line 1, column 2",
  })
  void refusesAnythingElseNamingThePlaceButNoPassword(String json, String message) {
    assertThatThrownBy(() -> PasswordMap.parse(json))
        .hasMessage("not a JSON object of URI to password: " + message.strip())
        .hasMessageNotContaining("secret");
  }

  @Test
  void theLoaderNeedsAnEntryForRedisAddrAndNoOtherPassword() throws Exception {
    Path map = Files.writeString(dir.resolve("passwords.json"),
        "{\"redis://cache:6379\": \"pw1\", \"redis://:inurl@other:6379\": \"pw2\"}");
    assertThat(ConfigLoader.load(CommandLine.parse("--redis.addr=cache:6379", "--redis.password-map-file=" + map),
        Map.of()).redis().passwordMapFile()).contains(map);

    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--redis.addr=redis://elsewhere:6379",
        "--redis.password-map-file=" + map), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--redis.password-map-file: " + map + " has no entry for redis.addr redis://elsewhere:6379 "
            + "(its keys: [redis://cache:6379, redis://:<redacted>@other:6379])");

    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--redis.addr=cache:6379",
        "--redis.password-map-file=" + map), Map.of("REDIS_PASSWORD", "x")))
        .hasMessage("--redis.password-map-file: set one of redis.password, redis.passwordFile and "
            + "redis.passwordMapFile, not several");

    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"redis://cache:6379\": \"pw1\"");
    assertThatThrownBy(() -> ConfigLoader.load(CommandLine.parse("--redis.addr=cache:6379"),
        Map.of("REDIS_PASSWORD_MAP_FILE", broken.toString())))
        .hasMessage("redis.passwordMapFile: not a JSON object of URI to password: not valid JSON: expected '}' at line 1, column 29 "
            + "(from env REDIS_PASSWORD_MAP_FILE)");
  }

  @Test
  void passwordForTheAddress() throws IOException {
    Path map = Files.writeString(dir.resolve("passwords.json"), "{\"redis://cache:6379\": \"pw1\"}");
    assertThat(PasswordMap.passwordFor(map, "redis://cache:6379")).isEqualTo("pw1");
    assertThatThrownBy(() -> PasswordMap.passwordFor(map, "redis://other:6379"))
        .hasMessage("redis.passwordMapFile " + map + " has no entry for redis://other:6379");
  }
}

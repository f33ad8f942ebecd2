package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class InfoReplyTest {

  @Test
  void splitsSectionsAndFieldsInServerOrder() {
    InfoReply info = InfoReply.parse("# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n\r\n"
        + "# Memory\r\nused_memory:1162448\r\nused_memory_human:1.11M\r\n");

    assertThat(info.sections()).containsOnlyKeys("server", "memory");
    assertThat(info.sections().keySet()).containsExactly("server", "memory");
    assertThat(info.section("server").keySet()).containsExactly("redis_version", "redis_mode");
    assertThat(info.get("memory", "used_memory_human")).contains("1.11M");
    assertThat(info.number("memory", "used_memory")).hasValue(1162448);
  }

  @Test
  void acceptsBareLineFeeds() {
    InfoReply info = InfoReply.parse("# Keyspace\ndb0:keys=1,expires=0,avg_ttl=0\n");

    assertThat(info.get("keyspace", "db0")).contains("keys=1,expires=0,avg_ttl=0");
  }

  @Test
  void splitsAtTheFirstColonOnly() {
    InfoReply info = InfoReply.parse("# Server\nlistener0:name=tcp,bind=*,bind=-::*,port=6379\nos:Linux 6.8 x86_64\n");

    assertThat(info.get("server", "listener0")).contains("name=tcp,bind=*,bind=-::*,port=6379");
    assertThat(info.get("server", "os")).contains("Linux 6.8 x86_64");
  }

  @Test
  void lowerCasesSectionNamesAndLooksThemUpInAnyCase() {
    InfoReply info = InfoReply.parse("# Keysizes\ndb0_distrib_strings_sizes:1=19,2=655\n");

    assertThat(info.sections()).containsOnlyKeys("keysizes");
    assertThat(info.section("Keysizes")).containsEntry("db0_distrib_strings_sizes", "1=19,2=655");
  }

  @Test
  void keepsEmptySectionsAndSkipsJunk() {
    InfoReply info = InfoReply.parse("# Modules\n\n# Errorstats\nthis line has no colon\n:no name\n# Cluster\n"
        + "cluster_enabled:0\n");

    assertThat(info.sections()).containsOnlyKeys("modules", "errorstats", "cluster");
    assertThat(info.section("errorstats")).isEmpty();
    assertThat(info.section("cluster")).containsOnly(entry("cluster_enabled", "0"));
  }

  @Test
  void putsFieldsBeforeAnyHeaderUnderTheEmptySection() {
    InfoReply info = InfoReply.parse("redis_version:7.2.0\nused_memory:10\n");

    assertThat(info.section("")).containsEntry("used_memory", "10");
    assertThat(info.section("server")).isEmpty();
  }

  @Test
  void anAbsentSectionOrFieldIsEmpty() {
    InfoReply info = InfoReply.parse("# Server\nredis_version:6.2.11\n");

    assertThat(info.section("memory")).isEmpty();
    assertThat(info.section(null)).isEmpty();
    assertThat(info.get("server", "valkey_version")).isEmpty();
    assertThat(info.number("memory", "used_memory")).isEmpty();
    assertThat(InfoReply.parse(null).sections()).isEmpty();
    assertThat(InfoReply.parse("").sections()).isEmpty();
  }

  @Test
  void isImmutable() {
    InfoReply info = InfoReply.parse("# Server\nredis_version:6.2.11\n");

    assertThatThrownBy(() -> info.sections().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> info.section("server").clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  static final List<Arguments> NUMBERS = Arrays.asList(
      Arguments.of("123", OptionalDouble.of(123)),
      Arguments.of("-1", OptionalDouble.of(-1)),
      Arguments.of("1.23", OptionalDouble.of(1.23)),
      Arguments.of(" 42 ", OptionalDouble.of(42)),
      Arguments.of("1e3", OptionalDouble.of(1000)),
      Arguments.of("-2756608", OptionalDouble.of(-2756608)),
      // used_memory_dataset underflows like this on some 7.4 servers; it is still a number
      Arguments.of("18446744073235049556", OptionalDouble.of(18446744073235049556.0)),
      Arguments.of("inf", OptionalDouble.of(Double.POSITIVE_INFINITY)),
      Arguments.of("+inf", OptionalDouble.of(Double.POSITIVE_INFINITY)),
      Arguments.of("-inf", OptionalDouble.of(Double.NEGATIVE_INFINITY)),
      Arguments.of("nan", OptionalDouble.empty()),
      Arguments.of("-nan", OptionalDouble.empty()),
      Arguments.of("93.88%", OptionalDouble.empty()),
      Arguments.of("856.35K", OptionalDouble.empty()),
      Arguments.of("0x10", OptionalDouble.empty()),
      Arguments.of("1d", OptionalDouble.empty()),
      Arguments.of("jemalloc-5.3.0", OptionalDouble.empty()),
      Arguments.of("", OptionalDouble.empty()),
      Arguments.of(null, OptionalDouble.empty()));

  @ParameterizedTest
  @FieldSource("NUMBERS")
  void parsesNumbersAsRedisPrintsThem(String raw, OptionalDouble expected) {
    assertThat(InfoReply.parseNumber(raw)).isEqualTo(expected);
  }

  static Stream<String> sampleDirs() {
    return Fixtures.SAMPLE_DIRS.stream();
  }

  @ParameterizedTest
  @MethodSource("sampleDirs")
  void readsEverySample(String dir) {
    InfoReply info = InfoReply.parse(Fixtures.text(dir + "/info.txt"));

    assertThat(info.sections()).containsKeys("server", "clients", "memory", "replication", "keyspace");
    assertThat(info.get("server", "redis_version")).isPresent();
    assertThat(info.number("memory", "used_memory")).isPresent();
    assertThat(info.number("memory", "used_memory_peak_perc")).isEmpty();
    assertThat(info.section("keyspace")).containsKeys("db0", "db3");
  }

  @Test
  void readsWhatIsNewInRedis8AndValkey() {
    InfoReply redis8 = InfoReply.parse(Fixtures.text("redis-8.2/info.txt"));
    InfoReply valkey = InfoReply.parse(Fixtures.text("valkey-8.0/info.txt"));

    assertThat(redis8.section("keysizes")).containsKey("db0_distrib_strings_sizes");
    assertThat(redis8.get("threads", "io_thread_0")).contains("clients=6,reads=8814590,writes=8813590");
    assertThat(valkey.get("server", "server_name")).contains("valkey");
    assertThat(valkey.get("server", "valkey_version")).contains("8.0.2");
    assertThat(valkey.get("server", "redis_version")).contains("7.2.4");
    assertThat(valkey.get("server", "server_mode")).contains("standalone");
  }
}

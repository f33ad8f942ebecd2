package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;

class KeyspaceParserTest {

  static final List<Arguments> LINES = List.of(
      Arguments.of("db0", "keys=8,expires=2,avg_ttl=2081448", List.of(new DbKeyspace(0, 8, 2, 2081448, 0))),
      Arguments.of("db3", "keys=4522,expires=2061,avg_ttl=0,subexpiry=7",
          List.of(new DbKeyspace(3, 4522, 2061, 0, 7))),
      Arguments.of("db15", "avg_ttl=5,expires=1,keys=3", List.of(new DbKeyspace(15, 3, 1, 5, 0))),
      Arguments.of("db1", "keys=1,expires=0,avg_ttl=0,buckets=64", List.of(new DbKeyspace(1, 1, 0, 0, 0))),
      Arguments.of("db2", "keys=5", List.of(new DbKeyspace(2, 5, 0, 0, 0))),
      Arguments.of("db007", "keys=1,expires=0,avg_ttl=0", List.of(new DbKeyspace(7, 1, 0, 0, 0))),
      Arguments.of("db0", "keys=x,expires=0,avg_ttl=0", List.of()),
      Arguments.of("db0", "keys=1,expires=,avg_ttl=0", List.of()),
      Arguments.of("db0", "expires=1,avg_ttl=0", List.of()),
      Arguments.of("db0", "garbage", List.of()),
      Arguments.of("db0", "", List.of()),
      Arguments.of("db0_distrib_strings_sizes", "1=19,2=655", List.of()),
      Arguments.of("db0_distrib_lists_items", "keys=1", List.of()),
      Arguments.of("DB0", "keys=1,expires=0,avg_ttl=0", List.of()),
      Arguments.of("db", "keys=1,expires=0,avg_ttl=0", List.of()),
      Arguments.of("dbx", "keys=1,expires=0,avg_ttl=0", List.of()),
      Arguments.of("db99999999999", "keys=1,expires=0,avg_ttl=0", List.of()));

  @ParameterizedTest(name = "{0}:{1}")
  @FieldSource("LINES")
  void readsOneLine(String field, String value, List<DbKeyspace> expected) {
    assertThat(KeyspaceParser.parse(Map.of(field, value))).isEqualTo(expected);
  }

  @Test
  void sortsByDatabaseIndex() {
    Map<String, String> section = new LinkedHashMap<>();
    section.put("db10", "keys=10,expires=0,avg_ttl=0");
    section.put("db2", "keys=2,expires=0,avg_ttl=0");
    section.put("db0", "keys=1,expires=0,avg_ttl=0");

    assertThat(KeyspaceParser.parse(section)).extracting(DbKeyspace::db).containsExactly(0, 2, 10);
  }

  @Test
  void nothingInNothingOut() {
    assertThat(KeyspaceParser.parse(null)).isEmpty();
    assertThat(KeyspaceParser.parse(Map.of())).isEmpty();
  }

  @Test
  void readsTheCapturedSamples() {
    assertThat(keyspace("redis-6.2/info.txt")).containsExactly(
        new DbKeyspace(0, 8, 2, 2081448, 0), new DbKeyspace(3, 2, 1, 101448, 0));
    assertThat(keyspace("redis-7.0/loaded/info.txt")).containsExactly(
        new DbKeyspace(0, 100008, 2, 2054746, 0), new DbKeyspace(3, 2002, 2001, 3043618, 0));
    assertThat(keyspace("redis-8.2/info.txt")).extracting(DbKeyspace::subexpiry).containsExactly(1210L, 0L);
  }

  @Test
  void keysizesLinesAreNotDatabasesEvenWhenSectionsAreMerged() {
    InfoReply info = InfoReply.parse(Fixtures.text("redis-8.2/info.txt"));
    Map<String, String> merged = new LinkedHashMap<>(info.section("keyspace"));
    merged.putAll(info.section("keysizes"));

    assertThat(KeyspaceParser.parse(merged)).extracting(DbKeyspace::db).containsExactly(0, 3);
  }

  private static List<DbKeyspace> keyspace(String resource) {
    return KeyspaceParser.parse(InfoReply.parse(Fixtures.text(resource)).section("keyspace"));
  }
}

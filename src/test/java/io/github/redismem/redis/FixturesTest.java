package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample reader is what every MEMORY STATS test stands on, so it is checked against real redis-cli output. */
class FixturesTest {

  @Test
  void readsNestingEmptyArraysEscapesAndWideIndices() {
    // Captured from redis-cli 7.0 --no-raw, EVAL returning a nested Lua table.
    List<Object> reply = Fixtures.memoryStats("redis-cli-nested.txt");

    assertThat(reply).containsExactly(
        1L,
        List.of("a", "b", List.of()),
        "quote\" newline\n tab\t é",
        List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L),
        List.of(List.of("deep", List.of(7L))),
        "last");
  }

  @Test
  void readsMemoryStatsAsLettuceGivesIt() {
    List<Object> reply = Fixtures.memoryStats("redis-7.0/memory-stats.txt");

    assertThat(reply.get(0)).isEqualTo("peak.allocated");
    assertThat(reply.get(1)).isInstanceOf(Long.class);
    int db0 = reply.indexOf("db.0");
    assertThat(reply.get(db0 + 1)).isEqualTo(List.of("overhead.hashtable.main", 384L,
        "overhead.hashtable.expires", 80L, "overhead.hashtable.slot-to-keys", 0L));
    assertThat(reply.get(reply.indexOf("fragmentation") + 1)).isInstanceOf(String.class);
  }

  @Test
  void refusesTextThatIsNotAnArray() {
    assertThatThrownBy(() -> Fixtures.parseCliArray("OK\n")).isInstanceOf(IllegalArgumentException.class);
  }
}

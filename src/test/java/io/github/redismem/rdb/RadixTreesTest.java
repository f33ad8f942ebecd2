package io.github.redismem.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node counts of Redis's rax for stream ids, as measured with MEMORY USAGE on 7.0. */
class RadixTreesTest {

  @Test
  void anEmptyTreeIsItsRoot() {
    assertThat(RadixTrees.nodes(List.of())).isEqualTo(1);
  }

  @Test
  void oneIdIsACompressedNodeAndALeaf() {
    assertThat(RadixTrees.nodes(List.<long[]>of(new long[] {1_700_000_000_000L, 0}))).isEqualTo(2);
  }

  @Test
  void idsOfOneMillisecondPartAtTheirLastByte() {
    List<long[]> ids = new ArrayList<>();
    for (int seq = 0; seq < 5; seq++) {
      ids.add(new long[] {1_700_000_000_000L, seq});
    }
    // the shared 15 bytes, the branching node, 5 leaves
    assertThat(RadixTrees.nodes(ids)).isEqualTo(7);
  }

  @Test
  void idsAMillisecondApartKeepACompressedTailEach() {
    List<long[]> ids = new ArrayList<>();
    for (int ms = 1; ms <= 5; ms++) {
      ids.add(new long[] {ms, 1});
    }
    // measured: 1-1 .. 5-1 in a consumer group's PEL take 12 nodes
    assertThat(RadixTrees.nodes(ids)).isEqualTo(12);
  }
}

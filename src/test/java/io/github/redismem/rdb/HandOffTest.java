package io.github.redismem.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redismem.redis.KeyFacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys handed to the sink on a thread of its own: all of them, in order, and the sink's failure reported. */
class HandOffTest {
  private static KeyFacts key(int i) {
    return new KeyFacts(("k" + i).getBytes(StandardCharsets.US_ASCII), "string", "embstr", 64, -1, 3, null, null);
  }

  @Test
  void everyKeyArrivesInOrderAcrossBatchesAndAPartialLastOne() {
    List<String> seen = new ArrayList<>();
    List<Integer> versions = new ArrayList<>();
    HandOff handOff = new HandOff(new RdbSnapshot.KeySink() {
      @Override
      public void version(int major, int minor) {
        versions.add(major * 10 + minor);
      }

      @Override
      public void key(int db, KeyFacts facts) {
        seen.add(db + "/" + new String(facts.key(), StandardCharsets.US_ASCII));
      }
    });
    handOff.version(7, 0);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) { // 3 batches of 256 and 232 left over
      handOff.key(i % 3, key(i));
      sent.add(i % 3 + "/k" + i);
    }
    handOff.finish();
    assertThat(versions).containsExactly(70);
    assertThat(seen).isEqualTo(sent);
  }

  @Test
  void theSinksFailureEndsTheRead() {
    HandOff handOff = new HandOff((db, facts) -> {
      throw new IllegalStateException("sink broke");
    });
    assertThatThrownBy(() -> {
      for (int i = 0; i < 10_000; i++) {
        handOff.key(0, key(i));
      }
      handOff.finish();
    }).isInstanceOf(IllegalStateException.class).hasMessage("sink broke");
    handOff.close();
  }
}

package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link TopKeys} guarantees: the biggest N by bytes; among equal sizes, ascending key text in the list; and
 * a key only as big as the smallest kept one does not displace it once the list is full.
 */
class TopKeysTest {
  private static TopKey key(String name, long bytes) {
    return new TopKey(0, name, DataType.STRING, "raw", bytes, 10, -1);
  }

  private static List<String> offer(int capacity, TopKey... keys) {
    TopKeys top = new TopKeys(capacity);
    for (TopKey k : keys) {
      top.offer(k);
    }
    return top.sorted().stream().map(k -> k.key() + "=" + k.bytes()).toList();
  }

  @Test
  void keepsTheBiggestBiggestFirst() {
    assertThat(offer(3, key("a", 10), key("b", 50), key("c", 30), key("d", 40), key("e", 20)))
        .containsExactly("b=50", "d=40", "c=30");
  }

  @Test
  void equalSizesAreListedByKeyWhateverTheArrivalOrder() {
    assertThat(offer(5, key("c", 7), key("a", 7), key("b", 7))).containsExactly("a=7", "b=7", "c=7");
    assertThat(offer(5, key("b", 7), key("c", 7), key("a", 7))).containsExactly("a=7", "b=7", "c=7");
  }

  @Test
  void aTieWithTheSmallestKeptDoesNotEnterAFullList() {
    // first come, first kept: "a" is as big as "y", the smallest kept, though it would sort before it
    assertThat(offer(2, key("x", 9), key("y", 5), key("a", 5))).containsExactly("x=9", "y=5");
  }

  @Test
  void aBiggerKeyEvictsTheLastOfTheSmallestByKey() {
    // "b" and "c" tie for smallest: the one sorting last ("c") leaves, so the list stays a prefix of the order
    assertThat(offer(3, key("c", 5), key("b", 5), key("x", 9), key("y", 8))).containsExactly("x=9", "y=8", "b=5");
  }

  @Test
  void wouldAcceptTellsWhetherAnOfferWouldChangeTheList() {
    TopKeys top = new TopKeys(2);
    assertThat(top.wouldAccept(0)).isTrue();
    top.offer(key("a", 10));
    top.offer(key("b", 20));
    assertThat(top.wouldAccept(10)).isFalse();
    assertThat(top.wouldAccept(11)).isTrue();
  }

  @Test
  void capacityZeroKeepsNothing() {
    TopKeys top = new TopKeys(0);
    assertThat(top.wouldAccept(Long.MAX_VALUE)).isFalse();
    top.offer(key("a", 1));
    assertThat(top.sorted()).isEmpty();
  }

  @Test
  void theListIsACopy() {
    TopKeys top = new TopKeys(2);
    top.offer(key("a", 1));
    List<TopKey> before = top.sorted();
    top.offer(key("b", 2));
    assertThat(before).extracting(TopKey::key).containsExactly("a");
  }
}

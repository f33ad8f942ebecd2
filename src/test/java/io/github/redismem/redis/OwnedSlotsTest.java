package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The slot filter of a cluster pass: which keys a shard counts, from the slots CLUSTER NODES gives its node, on the
 * pipelined path (a SCAN page filtered) and the script's (its records decoded).
 */
class OwnedSlotsTest {
  private static final String A = "076e07c6753e1add91bec69acbd5d8775fc97750";
  private static final String B = "95b12ffaaba3601b9031827ebeb867434e266104";
  private static final String RB = "227df092ff26d08ee74ff66a0f604d1f2aa98455";

  /** Each row: a key, its slot as CLUSTER KEYSLOT gives it (Redis's own figures, hash tags included). */
  private record Slot(String key, int slot) {}

  @Test
  void aKeyIsOwnedWhenItsSlotIsInTheRangesHashTagsIncluded() {
    List<Slot> table = List.of(new Slot("foo", 12182), new Slot("bar", 5061), new Slot("{user1000}.following", 3443),
        new Slot("{user1000}.followers", 3443), new Slot("foo{}{bar}", 8363), new Slot("foo{{bar}}zap", 4015),
        new Slot("foo{bar}{zap}", 5061), new Slot("", 0));
    OwnedSlots owned = OwnedSlots.of("0-3443,5061,8363-8363");
    for (Slot row : table) {
      assertThat(SlotHash.getSlot(row.key())).as(row.key()).isEqualTo(row.slot());
      boolean expected = row.slot() <= 3443 || row.slot() == 5061 || row.slot() == 8363;
      assertThat(owned.owns(bytes(row.key()))).as(row.key()).isEqualTo(expected);
    }
    assertThat(owned.count()).isEqualTo(3446);
    assertThat(OwnedSlots.of("").count()).isZero();
    assertThat(OwnedSlots.of("").owns(bytes("foo"))).isFalse();
    assertThat(OwnedSlots.ALL.owns(bytes("foo"))).isTrue();
    assertThat(OwnedSlots.ALL.all()).isTrue();
    assertThatThrownBy(() -> OwnedSlots.of("0-16384")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScanPageKeepsTheOwnedKeysAndCountsTheOthers() {
    OwnedSlots owned = OwnedSlots.of("5061,12182");
    ScanPage page = new ScanPage("17", List.of(bytes("foo"), bytes("{user1000}.x"), bytes("bar"), bytes("baz")));
    ScanPage kept = owned.filter(page);
    assertThat(kept.cursor()).isEqualTo("17");
    assertThat(kept.keys()).extracting(k -> new String(k, StandardCharsets.UTF_8)).containsExactly("foo", "bar");
    assertThat(kept.notOwned()).isEqualTo(2);
    assertThat(OwnedSlots.ALL.filter(page)).isSameAs(page);
  }

  /** CLUSTER NODES from a replica of B while B imports slot 5 from A and gives slot 6 to A: B's slots, not 5. */
  private static final String NODES_DURING_MIGRATION = """
      %s 127.0.0.1:17001@27001 master - 0 1796011612270 1 connected 0-4 6
      %s 127.0.0.1:17004@27004 myself,slave %s 0 1796011611000 2 connected
      %s 127.0.0.1:17002@27002 master - 0 1796011610000 2 connected 7-16383
      """.formatted(A, RB, B, B);

  @Test
  void aNodeOwnsItsShardsSlotsAsItSeesThem() {
    assertThat(ClusterNodesReply.myShardSlots(NODES_DURING_MIGRATION)).contains("7-16383");
    // the primary's own view: its open migrations in brackets are not owned
    String fromB = B + " 127.0.0.1:17002@27002 myself,master - 0 0 2 connected 7-16383 [5-<-" + A + "] [6->-" + A
        + "]\n" + A + " 127.0.0.1:17001@27001 master - 0 0 1 connected 0-6\n";
    assertThat(ClusterNodesReply.myShardSlots(fromB)).contains("7-16383");
    // a primary without slots owns none; a replica whose primary is not listed, or no myself line: unknown
    assertThat(OwnedSlots.ofClusterNodes(A + " 127.0.0.1:1@2 myself,master - 0 0 1 connected\n").count()).isZero();
    assertThat(OwnedSlots.ofClusterNodes(RB + " 127.0.0.1:1@2 myself,slave " + B + " 0 0 1 connected\n").all())
        .isTrue();
    assertThat(OwnedSlots.ofClusterNodes(A + " 127.0.0.1:1@2 master - 0 0 1 connected 0-16383\n").all()).isTrue();
    OwnedSlots owned = OwnedSlots.ofClusterNodes(NODES_DURING_MIGRATION);
    assertThat(owned.count()).isEqualTo(16384 - 7);
    assertThat(owned.owns(bytes("foo"))).isTrue();
    assertThat(owned.owns(bytes("{user1000}.x"))).isTrue();
  }

  @Test
  void keysTheCallLeftAreLeftForTheNextOnlyWhenOwned() {
    OwnedSlots owned = OwnedSlots.of("5061,12182"); // bar and foo; baz is not
    ByteArrayOutputStream records = new ByteArrayOutputStream();
    present(records, "foo");
    KeyspaceReader.ScanInspection step = InspectionScript.decodeScan(
        List.of(12L, bytes("42"), records.toByteArray(), List.of(bytes("bar"), bytes("baz"))), owned);
    assertThat(step.left()).extracting(k -> new String(k, StandardCharsets.UTF_8)).containsExactly("bar");
    // baz, not owned, is counted as SCAN returned it; bar is not counted until a call inspects it
    assertThat(step.scanned()).isEqualTo(2);
    assertThat(step.notOwned()).isEqualTo(1);
    assertThat(step.inspection().keys()).hasSize(1);
    assertThat(step.inspection().vanished()).isZero();
  }

  @Test
  void theScriptsRecordsOfKeysNotOwnedAreCountedNeitherInspectedNorVanished() {
    // foo (12182) and bar (5061) owned; {a} and baz are not
    OwnedSlots owned = OwnedSlots.of("5061,12182");
    assertThat(owned.owns(bytes("{a}"))).isFalse();
    assertThat(owned.owns(bytes("baz"))).isFalse();
    ByteArrayOutputStream records = new ByteArrayOutputStream();
    present(records, "foo"); // owned, inspected
    present(records, "{a}"); // not owned, inspected by the script (its node serves the slot now): not counted
    absent(records, "baz", 3); // not owned, not served (being imported)
    absent(records, "bar", 3); // owned, no longer served: moved away since the pass started, vanished
    absent(records, "{a}x", 0); // not owned and gone
    KeyspaceReader.ScanInspection step = InspectionScript.decodeScan(
        List.of(12L, bytes("42"), records.toByteArray(), List.of()), owned);
    assertThat(step.cursor()).isEqualTo("42");
    assertThat(step.scanned()).isEqualTo(5);
    assertThat(step.notOwned()).isEqualTo(3);
    assertThat(step.inspection().keys()).extracting(k -> new String(k.key(), StandardCharsets.UTF_8))
        .containsExactly("foo");
    assertThat(step.inspection().vanished()).isEqualTo(1);
    assertThat(step.inspection().forbidden()).isEmpty();
    // outside a cluster every record counts as before
    KeyspaceReader.ScanInspection all = InspectionScript.decodeScan(
        List.of(12L, bytes("0"), records.toByteArray(), List.of()), OwnedSlots.ALL);
    assertThat(all.notOwned()).isZero();
    assertThat(all.inspection().keys()).hasSize(2);
    assertThat(all.inspection().vanished()).isEqualTo(3);
  }

  private static void absent(ByteArrayOutputStream out, String key, int present) {
    byte[] k = bytes(key);
    out.writeBytes(ByteBuffer.allocate(4).putInt(k.length).array());
    out.writeBytes(k);
    out.write(present);
  }

  /** A string key's record as inspect.lua packs it: embstr, 56 bytes, no TTL, length 3, no extra. */
  private static void present(ByteArrayOutputStream out, String key) {
    absent(out, key, 1);
    out.write(6);
    out.writeBytes(bytes("string"));
    out.write(6);
    out.writeBytes(bytes("embstr"));
    out.writeBytes(ByteBuffer.allocate(24).putDouble(56).putDouble(-1).putDouble(3).array());
    out.write(0);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every parser of a Redis reply, fed random, truncated, mutated and oversized replies (see {@link HostileReplies}):
 * none throws anything but what it documents, and none hands on a number Redis did not send (NaN, a negative count
 * from an overflow). The metrics side of the same inputs is in {@code metrics.ConversionPropertiesTest}.
 */
class ParserPropertiesTest {
  static final int TRIES = 300;

  @Provide
  Arbitrary<String> info() {
    return HostileReplies.text(HostileReplies.samples("info"));
  }

  @Provide
  Arbitrary<String> doctor() {
    return HostileReplies.text(HostileReplies.samples("memory-doctor"));
  }

  @Provide
  Arbitrary<String> mallocStats() {
    return HostileReplies.text(HostileReplies.samples("malloc-stats"));
  }

  @Provide
  Arbitrary<List<Object>> memoryStats() {
    return HostileReplies.nestedReply();
  }

  @Property(tries = TRIES)
  void infoNeverThrowsAndItsNumbersAreNeverNaN(@ForAll("info") String text) {
    InfoReply info = InfoReply.parse(text);
    info.sections().forEach((section, fields) -> fields.forEach((field, value) -> {
      assertThat(field).doesNotContain("\n").isNotEmpty();
      InfoReply.parseNumber(value).ifPresent(v -> assertThat(v).isNotNaN());
    }));
  }

  /** Keyspace lines built from real ones with odd numbers: a database is kept only with the numbers Redis sent. */
  @Property(tries = TRIES)
  void keyspaceKeepsOnlyWellFormedDatabases(@ForAll("keyspaceLines") String text) {
    for (DbKeyspace db : KeyspaceParser.parse(InfoReply.parse(text).section("keyspace"))) {
      assertThat(db.db()).isNotNegative();
      String line = "db" + db.db() + ":";
      assertThat(text).contains(line);
      if (db.keys() < 0) {
        assertThat(text).contains("keys=" + db.keys()); // negative only where the server said so
      }
    }
  }

  @Provide
  Arbitrary<String> keyspaceLines() {
    Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.of(HostileReplies.ODD_NUMBERS),
        Arbitraries.longs().map(v -> Long.toString(v)));
    Arbitrary<String> line = Combinators.combine(Arbitraries.of("db0", "db15", "db-1", "db", "db99999999999",
        "dbx", "db0_distrib_strings_sizes", "db 1"), number, number, number, Arbitraries.of("keys", "expires",
        "avg_ttl", "subexpiry", "other", "")).as((db, a, b, c, extra) ->
            db + ":keys=" + a + ",expires=" + b + ",avg_ttl=" + c + (extra.isEmpty() ? "" : "," + extra + "=" + a));
    return Arbitraries.oneOf(line.list().ofMaxSize(20).map(l -> "# Keyspace\r\n" + String.join("\r\n", l)),
        info());
  }

  @Property(tries = TRIES)
  void memoryStatsNeverThrowsNorKeepsNaN(@ForAll("memoryStats") List<Object> reply) {
    MemoryStats stats = MemoryStats.parse(reply);
    stats.fields().values().forEach(v -> assertThat(v).isNotNaN());
    stats.perDb().forEach((db, fields) -> {
      assertThat(db).isNotNegative();
      fields.values().forEach(v -> assertThat(v).isNotNaN());
    });
  }

  @Property(tries = TRIES)
  void doctorNeverThrowsAndReportsIssuesOnlyWithTheVerdictIssues(@ForAll("doctor") String text) {
    DoctorText doctor = DoctorText.parse(text);
    assertThat(doctor.verdict()).isNotNull();
    if (doctor.verdict() != DoctorText.Verdict.ISSUES) {
      assertThat(doctor.issues()).isEmpty();
    }
  }

  /** Unreadable (with a reason) or numbers that are not negative: an overflowing number is no size. */
  @Property(tries = TRIES)
  void mallocStatsNeverThrowsNorGivesNegativeBytes(@ForAll("mallocStats") String text) {
    MallocStats.Parsed parsed = MallocStats.parse(text);
    if (parsed instanceof MallocStats.Read read) {
      MallocStats s = read.stats();
      assertThat(s.pageSize()).isPositive();
      assertThat(List.of(s.allocated(), s.active(), s.metadata(), s.resident(), s.mapped(), s.retained()))
          .allSatisfy(v -> assertThat(v).isNotNegative());
      for (MallocStats.Bin bin : s.bins()) {
        assertThat(bin.allocatedBytes()).isNotNegative();
        assertThat(bin.activeBytes(s.pageSize())).isNotNegative();
        assertThat(bin.utilisation(s.pageSize())).isNotNaN().isNotNegative();
      }
      assertThat(s.binWastedBytes()).isNotNegative();
    } else {
      assertThat(((MallocStats.Unreadable) parsed).reason()).isNotBlank();
    }
  }

  /** The overflows the random mutations rarely reach, spelled out. */
  @net.jqwik.api.Example
  void mallocStatsWithNumbersBeyondALongIsUnreadableOrNotNegative() {
    String real = Fixtures.text("redis-7.0/malloc-stats.txt");
    String huge = "99999999999999999999";
    for (String text : List.of(real.replaceFirst("Page size: \\d+", "Page size: " + huge),
        real.replaceFirst("Allocated: \\d+", "Allocated: " + huge),
        real.replaceFirst("(?m)^(\\s+)8(\\s+)", "$1" + Long.MAX_VALUE + "$2"))) {
      mallocStatsNeverThrowsNorGivesNegativeBytes(text);
    }
    assertThat(MallocStats.parse(real.replaceFirst("Page size: \\d+", "Page size: " + huge)))
        .isInstanceOf(MallocStats.Unreadable.class);
  }

  @Property(tries = TRIES)
  void clusterNodesNeverThrowsAndGivesOnlyReachablePorts(@ForAll("clusterNodes") String text) {
    ClusterNodesReply.parse(text).nodes().forEach(n -> assertThat(n.port()).isBetween(1, 65535));
  }

  /** The slots a sampled cluster node's shard owns, read at each pass's start: some or all, never an exception. */
  @Property(tries = TRIES)
  void ownedSlotsAreReadOrAllNeverAnException(@ForAll("clusterNodes") String text) {
    OwnedSlots slots = OwnedSlots.ofClusterNodes(text);
    assertThat(slots.count()).isBetween(0, 16384);
  }

  /** What a random mutation seldom hits: the answering node's own slot ranges broken. */
  @net.jqwik.api.Example
  void ownedSlotsOfBrokenRangesAreAll() {
    for (String ranges : List.of("0-99999", "12abc", "5-1", "-", "16384", "0--5", "[93->-e7d1] x")) {
      ownedSlotsAreReadOrAllNeverAnException("a 127.0.0.1:1@2 myself,master - 0 0 1 connected " + ranges + "\n");
    }
  }

  @Provide
  Arbitrary<String> clusterNodes() {
    String real = """
        397391c13cd8f4c44b5ff99400e4e1461367fde9 127.0.0.1:17005@27005 slave 7131b45bd22acc139da8afd6b54f22fc1e611515 0 1796011610251 3 connected
        227df092ff26d08ee74ff66a0f604d1f2aa98455 127.0.0.1:17004@27004 myself,slave 076e07c6753e1add91bec69acbd5d8775fc97750 0 1796011611000 2 connected
        7131b45bd22acc139da8afd6b54f22fc1e611515 127.0.0.1:17003@27003 myself,master - 0 1796011611259 3 connected 10923-16383 5000
        076e07c6753e1add91bec69acbd5d8775fc97750 127.0.0.1:17001@27001,host-a master - 0 1796011612270 1 connected 0-5460 [93->-e7d1]
        95b12ffaaba3601b9031827ebeb867434e266104 [::1]:17002@27002 master,fail - 0 1796011610000 2 disconnected 5461-10922
        """;
    return HostileReplies.text(List.of(real));
  }

  @Property(tries = TRIES)
  void clusterShardsNeverThrowsAndGivesOnlyReachablePorts(@ForAll("clusterShards") List<Object> reply,
      @ForAll boolean tls) {
    ClusterShardsReply.parse(reply, tls).nodes().forEach(n -> assertThat(n.port()).isBetween(1, 65535));
  }

  @Provide
  Arbitrary<List<Object>> clusterShards() {
    Arbitrary<Object> port = Arbitraries.oneOf(Arbitraries.longs().map(v -> (Object) v),
        Arbitraries.of(HostileReplies.ODD_NUMBERS).map(v -> (Object) v), Arbitraries.just(null));
    Arbitrary<Object> text = Arbitraries.oneOf(Arbitraries.of("127.0.0.1", "?", "", "::1", "master", "replica",
        "online", "loading", "failed").map(v -> (Object) v), Arbitraries.strings().ofMaxLength(8).map(v -> (Object) v));
    Arbitrary<Object> node = Combinators.combine(port, port, text, text, text, text).as((p, tp, ip, endpoint, role,
        health) -> (Object) listOf("id", "abc", "port", p, "tls-port", tp, "ip", ip, "endpoint", endpoint, "role",
        role, "health", health));
    Arbitrary<Object> shard = Combinators.combine(port.list().ofMaxSize(6), node.list().ofMaxSize(4))
        .as((slots, nodes) -> (Object) listOf("slots", new ArrayList<>(slots), "nodes", new ArrayList<>(nodes)));
    Arbitrary<List<Object>> shards = shard.list().ofMaxSize(4).map(ArrayList::new);
    return Arbitraries.oneOf(shards, HostileReplies.nestedReply());
  }

  private static List<Object> listOf(Object... items) {
    return new ArrayList<>(java.util.Arrays.asList(items));
  }

  /**
   * The inspection script's packed records, real ones cut and with bytes flipped, and random bytes: decoded, or an
   * IllegalStateException (what the sampler catches, and retries the batch on), never anything else, and never a
   * huge allocation for a length field that lies.
   */
  @Property(tries = TRIES)
  void inspectionReplyDecodesOrThrowsIllegalState(@ForAll("inspectionReply") List<Object> reply,
      @ForAll boolean cluster) {
    try {
      KeyspaceReader.ScanInspection step = InspectionScript.decodeScan(reply,
          cluster ? OwnedSlots.of("0-5460,10923") : OwnedSlots.ALL);
      assertThat(step.inspection().vanished()).isNotNegative();
      assertThat(step.inspection().keys().size()).isLessThanOrEqualTo(step.scanned());
      assertThat(step.notOwned()).isLessThanOrEqualTo(step.scanned());
    } catch (IllegalStateException expected) {
      assertThat(expected.getMessage()).startsWith("inspect.lua returned");
    }
  }

  @Provide
  Arbitrary<List<Object>> inspectionReply() {
    Arbitrary<byte[]> real = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
        Arbitraries.of("string", "hash", "zset", "weird\u00ff"), Arbitraries.of(-3.0, -2.0, 100.0, Double.NaN, 1e300),
        Arbitraries.integers().between(0, 4)).as(ParserPropertiesTest::record).list().ofMaxSize(6)
        .map(ParserPropertiesTest::concat);
    Arbitrary<byte[]> mutated = Combinators.combine(real, Arbitraries.longs(), Arbitraries.integers().between(0, 5))
        .as((bytes, seed, flips) -> {
          java.util.Random r = new java.util.Random(seed);
          byte[] out = java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0 : r.nextInt(bytes.length + 1));
          for (int i = 0; i < flips && out.length > 0; i++) {
            out[r.nextInt(out.length)] = (byte) r.nextInt(256);
          }
          return out;
        });
    Arbitrary<byte[]> records = Arbitraries.oneOf(real, mutated,
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    Arbitrary<Object> time = Arbitraries.oneOf(Arbitraries.longs().map(v -> (Object) v), Arbitraries.just("12"),
        Arbitraries.just(null));
    Arbitrary<Object> cursor = Arbitraries.oneOf(Arbitraries.of("0", "", "12345").map(
        s -> (Object) s.getBytes(StandardCharsets.US_ASCII)), Arbitraries.just("0"), Arbitraries.just(null));
    // the keys the call left: names, or anything else a corrupt reply may hold
    Arbitrary<Object> left = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(12).list()
        .ofMaxSize(4).map(l -> (Object) new ArrayList<Object>(l)), Arbitraries.just(List.of()),
        Arbitraries.just(listOf(12L)), Arbitraries.just(null), Arbitraries.just("0"));
    Arbitrary<List<Object>> well = Combinators.combine(time, cursor, records, left)
        .as((t, c, r, l) -> listOf(t, c, r, l));
    return Arbitraries.oneOf(well, well, HostileReplies.nestedReply());
  }

  /** One record as inspect.lua packs it (big-endian), with one of its extras. */
  private static byte[] record(byte[] key, String type, double memory, int extra) {
    ByteBuffer b = ByteBuffer.allocate(200 + key.length * 2);
    b.putInt(key.length).put(key).put((byte) (extra == 4 ? 2 : 1));
    if (extra == 4) {
      return java.util.Arrays.copyOf(b.array(), b.position());
    }
    byte[] t = type.getBytes(StandardCharsets.UTF_8);
    b.put((byte) t.length).put(t).put((byte) 8).put("listpack".getBytes(StandardCharsets.US_ASCII));
    b.putDouble(memory).putDouble(-1).putDouble(3).put((byte) extra);
    switch (extra) {
      case 1 -> b.putInt(key.length).put(key);
      case 2 -> b.putInt(2).putInt(1).put((byte) '7').putInt(2).put((byte) '-').put((byte) '1');
      case 3 -> b.put((byte) 1).put((byte) 2).putInt(5).put((byte) 1).putInt(70000).put((byte) 0);
      default -> { }
    }
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  private static byte[] concat(List<byte[]> parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** CONFIG GET values as read for thresholds: a number or nothing, never an exception. */
  @Property(tries = TRIES)
  void configNumbersAreReadOrIgnored(@ForAll("configValue") String value) {
    ServerView view = ServerView.from(InfoReply.parse(""), Map.of("hash-max-listpack-entries", value));
    view.configNumber("hash-max-listpack-entries")
        .ifPresent(v -> assertThat(java.math.BigInteger.valueOf(v)).isEqualTo(new java.math.BigInteger(value.strip())));
  }

  @Provide
  Arbitrary<String> configValue() {
    return Arbitraries.oneOf(Arbitraries.of(HostileReplies.ODD_NUMBERS), Arbitraries.strings().ofMaxLength(30),
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40),
        Arbitraries.longs().map(v -> " " + v + " "));
  }
}

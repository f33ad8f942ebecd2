package io.github.redismem.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.redis.KeyFacts;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module's value, which no Redis of the test harness can write (it loads no module): an RDB file built byte by
 * byte as rdb.c writes it, a RedisJSON document, a hash already expired when the file was written and a string,
 * read through the whole parser.
 */
class ModuleSnapshotTest {
  @TempDir
  Path dir;

  @Test
  void aModuleValueIsNamedAndAnExpiredKeySkippedAndTheKeysAfterThemAreRead() throws Exception {
    ByteArrayOutputStream rdb = new ByteArrayOutputStream();
    rdb.writeBytes("REDIS0009".getBytes(StandardCharsets.US_ASCII));
    rdb.writeBytes(new byte[] {(byte) 0xFA, 9});
    rdb.writeBytes("redis-ver".getBytes(StandardCharsets.US_ASCII));
    rdb.writeBytes(new byte[] {6});
    rdb.writeBytes("7.0.15".getBytes(StandardCharsets.US_ASCII));
    rdb.writeBytes(new byte[] {(byte) 0xFA, 5, 'c', 't', 'i', 'm', 'e', 4, '1', '0', '0', '0'});
    rdb.writeBytes(new byte[] {(byte) 0xFE, 0}); // SELECTDB 0
    rdb.writeBytes(new byte[] {7, 3, 'd', 'o', 'c'}); // RDB_TYPE_MODULE_2, key "doc"
    rdb.write(0x81); // a 64-bit length: the module id
    long id = 0;
    for (char c : "ReJSON-RL".toCharArray()) {
      id = (id << 6) | "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(c);
    }
    id = (id << 10) | 3;
    for (int b = 56; b >= 0; b -= 8) {
      rdb.write((int) (id >>> b) & 0xFF);
    }
    rdb.writeBytes(new byte[] {2, 42}); // UINT 42
    rdb.writeBytes(new byte[] {5, 11}); // STRING of 11 bytes
    rdb.writeBytes("{\"a\":[1,2]}".getBytes(StandardCharsets.US_ASCII));
    rdb.write(0); // the module value's EOF
    // a hash that had expired when the file was written (ctime 1000 s, expiry 1 ms): its elements are read past
    rdb.write(0xFC);
    rdb.writeBytes(new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
    rdb.writeBytes(new byte[] {4, 1, 'h', 2, 2, 'f', '1', 2, 'v', '1', 2, 'f', '2', 2, 'v', '2'});
    rdb.writeBytes(new byte[] {0, 1, 'k', 1, 'v'}); // a string after it: "k" = "v"
    rdb.write(0xFF);
    rdb.writeBytes(new byte[8]); // no checksum
    Path file = Files.write(dir.resolve("module.rdb"), rdb.toByteArray());

    List<KeyFacts> keys = new ArrayList<>();
    RdbSnapshot.Summary summary = RdbSnapshot.read(file, new ThresholdSettings(-1, -1, -1, -1, -1, -1, -1), 8,
        (db, k) -> keys.add(k), () -> false);

    assertThat(summary.complete()).isTrue();
    assertThat(summary.redisVersion()).isEqualTo("7.0.15");
    assertThat(keys).hasSize(2);
    KeyFacts doc = keys.get(0);
    assertThat(new String(doc.key(), StandardCharsets.UTF_8)).isEqualTo("doc");
    assertThat(doc.type()).isEqualTo("ReJSON-RL");
    assertThat(doc.encoding()).isEqualTo("raw");
    assertThat(doc.length()).isEqualTo(-1);
    // key entry (24 + 8) + robj + the 16 bytes the value took in the file (opcodes, 42, the string, EOF)
    assertThat(doc.memoryBytes()).isEqualTo(24 + 8 + 16 + 16);
    assertThat(keys.get(1).type()).isEqualTo("string");
    assertThat(new String(keys.get(1).key(), StandardCharsets.UTF_8)).isEqualTo("k");
    assertThat(summary.expired()).isEqualTo(1);
  }
}

package io.github.redismem.rdb;

import com.moilioncircle.redis.replicator.Replicator;
import com.moilioncircle.redis.replicator.io.RawByteListener;
import com.moilioncircle.redis.replicator.io.RedisInputStream;
import com.moilioncircle.redis.replicator.rdb.BaseRdbParser;
import com.moilioncircle.redis.replicator.rdb.iterable.ValueIterableRdbValueVisitor;
import com.moilioncircle.redis.replicator.rdb.skip.SkipRdbParser;
import java.io.IOException;

/**
 * The parser's value decoding in its value-iterable mode (a hash, set, sorted set or list is an iterator over the
 * file rather than a collection), except that a module's value (RDB_TYPE_MODULE_2, self-describing) is skipped and
 * counted rather than handed to a module parser we do not have: the library would drop it with a warning and lose
 * the module's name.
 */
final class SnapshotValueVisitor extends ValueIterableRdbValueVisitor {
  SnapshotValueVisitor(Replicator replicator) {
    super(replicator);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T applyModule2(RedisInputStream in, int version) throws IOException {
    long id = new BaseRdbParser(in).rdbLoadLen().len;
    // the stream's position counts what it buffered, not what was consumed: count the bytes the skip reads
    long[] read = {0};
    RawByteListener counter = bytes -> read[0] += bytes.length;
    replicator.addRawByteListener(counter);
    try {
      new SkipRdbParser(in).rdbLoadCheckModuleValue();
    } finally {
      replicator.removeRawByteListener(counter);
    }
    return (T) new ModuleValue(ModuleValue.typeName(id), read[0]);
  }
}

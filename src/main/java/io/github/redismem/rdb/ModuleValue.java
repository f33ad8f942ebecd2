package io.github.redismem.rdb;

import com.moilioncircle.redis.replicator.rdb.datatype.Module;

/**
 * A module's value in a snapshot, skipped rather than decoded (its format is the module's own): the name of its
 * module type, as TYPE would answer ({@code ReJSON-RL}), and how many bytes it took in the file.
 */
record ModuleValue(String typeName, long serializedBytes) implements Module {
  private static final String CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** The 9-character type name a module id encodes in its upper 54 bits (the lower 10 are its encoding version). */
  static String typeName(long moduleId) {
    char[] name = new char[9];
    long id = moduleId >>> 10;
    for (int j = 8; j >= 0; j--) {
      name[j] = CHARSET.charAt((int) (id & 63));
      id >>>= 6;
    }
    return new String(name);
  }
}

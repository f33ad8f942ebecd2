package io.github.redismem.analysis;

/** The data_type label: Redis's core types, and {@code module} for any module type, so the set stays bounded. */
public enum DataType {
  STRING, HASH, LIST, SET, ZSET, STREAM, MODULE;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static DataType of(String typeReply) {
    return switch (typeReply) {
      case "string" -> STRING;
      case "hash" -> HASH;
      case "list" -> LIST;
      case "set" -> SET;
      case "zset" -> ZSET;
      case "stream" -> STREAM;
      default -> MODULE;
    };
  }
}

package io.github.redismem.redis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the INFO keyspace section into one {@link DbKeyspace} per database.
 *
 * <p>Only fields named exactly {@code db<digits>} are databases: Redis 8 prints {@code db0_distrib_strings_sizes}
 * and the like under {@code # Keysizes}, and a caller that merges sections must not see those as databases.
 * Values are read by name, not position, because versions append pairs ({@code subexpiry} in 7.4).
 */
public final class KeyspaceParser {
  private static final Pattern DB_FIELD = Pattern.compile("db[0-9]+");

  private KeyspaceParser() {
  }

  /** Never throws: a field that is not a well-formed database line is skipped. Sorted by database index. */
  public static List<DbKeyspace> parse(Map<String, String> keyspaceSection) {
    List<DbKeyspace> dbs = new ArrayList<>();
    if (keyspaceSection == null) {
      return dbs;
    }
    keyspaceSection.forEach((field, value) -> {
      if (field != null && value != null && DB_FIELD.matcher(field).matches()) {
        DbKeyspace db = parseLine(field, value);
        if (db != null) {
          dbs.add(db);
        }
      }
    });
    dbs.sort(Comparator.comparingInt(DbKeyspace::db));
    return dbs;
  }

  private static DbKeyspace parseLine(String field, String value) {
    int db;
    try {
      db = Integer.parseInt(field.substring(2));
    } catch (NumberFormatException e) {
      return null;
    }
    Long keys = null;
    long expires = 0;
    long avgTtl = 0;
    long subexpiry = 0;
    for (String pair : value.strip().split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = pair.substring(0, eq).strip();
      Long number = parseLong(pair.substring(eq + 1));
      boolean known = switch (name) {
        case "keys", "expires", "avg_ttl", "subexpiry" -> true;
        default -> false;
      };
      if (!known) {
        continue;
      }
      if (number == null) {
        return null;
      }
      switch (name) {
        case "keys" -> keys = number;
        case "expires" -> expires = number;
        case "avg_ttl" -> avgTtl = number;
        default -> subexpiry = number;
      }
    }
    // A line without keys= is not something we understand; a database with no count would be a guess.
    return keys == null ? null : new DbKeyspace(db, keys, expires, avgTtl, subexpiry);
  }

  private static Long parseLong(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

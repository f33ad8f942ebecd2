package io.github.redismem.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The names under which the watched Redis knows the commands the exporter sends, for servers set up with
 * {@code rename-command} (often CONFIG, sometimes MEMORY, OBJECT or SCAN). An empty name means the command is
 * disabled there ({@code rename-command CONFIG ""}): the exporter then never sends it and treats it as refused.
 *
 * @param names the server's name by command (upper case), for renamed commands only
 */
public record RenamedCommands(Map<String, String> names) {
  /** No command renamed. */
  public static final RenamedCommands NONE = new RenamedCommands(Map.of());

  /**
   * The top-level commands the exporter sends, anywhere (scrape, sampler, inspection script, allocator read): the
   * ones a rename can concern. A name outside this list is a typo or a command the exporter never sends.
   */
  public static final Set<String> SENT = Set.of("INFO", "CONFIG", "MEMORY", "SCAN", "SELECT", "TYPE", "OBJECT",
      "PTTL", "STRLEN", "HLEN", "LLEN", "SCARD", "ZCARD", "XLEN", "GETRANGE", "SRANDMEMBER", "SCRIPT", "EVALSHA", "EVALSHA_RO", "TIME",
      "HRANDFIELD", "ZRANDMEMBER", "LRANGE", "XRANGE", "XREVRANGE");

  public RenamedCommands {
    names = Collections.unmodifiableMap(new TreeMap<>(names));
  }

  /** The name to send for {@code command} (upper case): itself unless renamed; empty when disabled. */
  public String nameOf(String command) {
    return names.getOrDefault(command, command);
  }

  /** Reads a YAML mapping {@code {CONFIG: cfg_x, MEMORY: ""}} or the text {@code CONFIG=cfg_x,MEMORY=}. */
  static RenamedCommands parse(Object raw) throws ValueKind.Invalid {
    Map<String, String> given = new LinkedHashMap<>();
    if (raw instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        given.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
      }
    } else if (raw instanceof String text) {
      for (String item : text.split(",")) {
        if (item.isBlank()) {
          continue;
        }
        int eq = item.indexOf('=');
        if (eq < 0) {
          throw new ValueKind.Invalid("expected COMMAND=name pairs like CONFIG=cfg_x,MEMORY= (empty = disabled), "
              + "got " + Scalars.quoted(item.strip()));
        }
        given.put(item.substring(0, eq).strip(), item.substring(eq + 1).strip());
      }
    } else {
      throw new ValueKind.Invalid("expected a mapping of command to name like {CONFIG: cfg_x}, got "
          + Scalars.quoted(raw));
    }
    Map<String, String> names = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      String command = e.getKey().toUpperCase(Locale.ROOT);
      if (!SENT.contains(command)) {
        List<String> known = new ArrayList<>(SENT);
        Collections.sort(known);
        throw new ValueKind.Invalid(Scalars.quoted(e.getKey()) + " is not a command the exporter sends; one of "
            + String.join(", ", known));
      }
      String name = e.getValue();
      if (!name.chars().allMatch(c -> c > ' ' && c < 127 && c != '\'' && c != '"' && c != '\\')) {
        throw new ValueKind.Invalid("the name of " + command + " must be printable ASCII without spaces, quotes "
            + "or backslashes, got " + Scalars.quoted(name));
      }
      if (!name.equalsIgnoreCase(command)) {
        names.put(command, name);
      }
    }
    return new RenamedCommands(names);
  }

  /** As the config check prints it: {@code CONFIG=cfg_x MEMORY=(disabled)}, or none. */
  @Override
  public String toString() {
    if (names.isEmpty()) {
      return "none";
    }
    List<String> out = new ArrayList<>();
    names.forEach((command, name) -> out.add(command + "=" + (name.isEmpty() ? "(disabled)" : name)));
    return String.join(" ", out);
  }
}

package io.github.redismem.redis;

import java.util.List;
import java.util.Locale;

/**
 * Why Redis refused a command, in a few kinds that decide what to do next: the first three will not change
 * until someone reconfigures the server, so the command can be skipped; a transient failure is worth retrying.
 *
 * <p>The error code (the first word) is trusted before the text. Only {@code ERR} replies are read further,
 * because other codes name passing states: {@code LOADING}, {@code BUSY}, {@code MISCONF} ("commands ...
 * are disabled"), {@code OOM} ("command not allowed when used memory > 'maxmemory'"). {@code NOAUTH} and
 * {@code WRONGPASS} are transient here too: they concern the connection's credentials, not the command.
 */
public enum CommandFailure {
  /** An ACL forbids this user the command or its keys ({@code NOPERM}). */
  ACL_DENIED("acl_denied"),
  /** The server does not know the command: renamed away, a managed service that hides it, or too old. */
  UNKNOWN_COMMAND("unknown_command"),
  /** The server knows the command and refuses it: a managed service's block, a disabled feature. */
  NOT_ALLOWED("not_allowed"),
  /** Anything else, including no message at all: loading, busy, timeouts. */
  TRANSIENT("transient");

  // Lower-case phrases; covers "ERR unknown command `CONFIG`, ..." (6.2), "ERR unknown command 'CONFIG', ..." (7.x),
  // "ERR Unknown subcommand or wrong number of arguments for 'FOO'" (6.2), "ERR unknown subcommand 'FOO'" (7.x)
  // and "ERR unknown or unsupported command" (look-alike servers).
  private static final List<String> UNKNOWN = List.of("unknown command", "unknown subcommand",
      "unknown or unsupported command");
  // Seen from managed services and the server itself: "ERR command is not allowed" (Redis Enterprise/Cloud),
  // "ERR Command disallowed" (Azure), "ERR Command is not available: 'X'" (Upstash), "ERR command X not support
  // for your account" (Alibaba/Tencent), "ERR DEBUG command not allowed. If the enable-debug-command ..." (7.0),
  // "ERR This instance has cluster support disabled".
  private static final List<String> REFUSED = List.of("not allowed", "disallowed", "not available", "not support",
      "unsupported", "disabled", "not permitted");
  // Redis before 3.2 said "ERR command not allowed when used memory > 'maxmemory'", a passing state.
  private static final String OUT_OF_MEMORY = "when used memory";

  private final String label;

  CommandFailure(String label) {
    this.label = label;
  }

  /** The kind as a metric label value. */
  public String label() {
    return label;
  }

  /** True when retrying cannot help until the server is reconfigured. */
  public boolean permanent() {
    return this != TRANSIENT;
  }

  /** Classifies an error reply as Redis sent it, with or without a leading {@code -}; never throws. */
  public static CommandFailure classify(String redisErrorMessage) {
    if (redisErrorMessage == null) {
      return TRANSIENT;
    }
    String message = redisErrorMessage.strip();
    if (message.startsWith("-")) {
      message = message.substring(1);
    }
    String code = errorCode(message);
    if (code.equals("NOPERM")) {
      return ACL_DENIED;
    }
    if (!code.isEmpty() && !code.equals("ERR")) {
      return TRANSIENT;
    }
    String text = message.toLowerCase(Locale.ROOT);
    if (UNKNOWN.stream().anyMatch(text::contains)) {
      return UNKNOWN_COMMAND;
    }
    if (!text.contains(OUT_OF_MEMORY) && REFUSED.stream().anyMatch(text::contains)) {
      return NOT_ALLOWED;
    }
    return TRANSIENT;
  }

  /** The leading all-capitals word, such as ERR or NOPERM; empty when the message has none. */
  private static String errorCode(String message) {
    int end = 0;
    while (end < message.length() && message.charAt(end) >= 'A' && message.charAt(end) <= 'Z') {
      end++;
    }
    boolean wordEnds = end == message.length() || Character.isWhitespace(message.charAt(end));
    return end > 1 && wordEnds ? message.substring(0, end) : "";
  }
}

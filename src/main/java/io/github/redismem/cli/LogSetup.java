package io.github.redismem.cli;

import io.github.redismem.config.LogSettings;
import io.github.redismem.report.JsonWriter;
import java.io.PrintStream;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per event on stderr, logfmt or JSON. Everything logs through java.util.logging: Lettuce, Netty and
 * Undertow fall back to it when no other logging library is present, so one setup covers them all.
 */
final class LogSetup {
  private static final String[] CHATTY = {"io.netty", "io.lettuce", "reactor", "org.xnio", "io.undertow", "org.jboss",
      "com.moilioncircle"};
  /** JUL holds loggers weakly: a level set on one nobody references is lost at the next GC. */
  private static final java.util.List<Logger> QUIETED = new java.util.concurrent.CopyOnWriteArrayList<>();

  private LogSetup() {}

  static void configure(LogSettings settings, PrintStream err) {
    LogManager.getLogManager().reset();
    Level level = switch (settings.level()) {
      case "debug" -> Level.FINE;
      case "warn" -> Level.WARNING;
      case "error" -> Level.SEVERE;
      default -> Level.INFO;
    };
    Logger root = Logger.getLogger("");
    root.setLevel(level);
    Handler handler = new Handler() {
      private final Formatter format = "json".equals(settings.format()) ? new JsonFormat() : new TextFormat();

      @Override
      public synchronized void publish(LogRecord r) {
        if (isLoggable(r)) {
          err.print(format.format(r));
          err.flush();
        }
      }

      @Override
      public void flush() {
        err.flush();
      }

      @Override
      public void close() {}
    };
    handler.setLevel(level);
    root.addHandler(handler);
    for (String name : CHATTY) {
      // their INFO lines (versions, thread pools) are noise to an SRE; their warnings are not
      Logger logger = Logger.getLogger(name);
      logger.setLevel(level == Level.FINE ? Level.FINE : Level.WARNING);
      QUIETED.add(logger);
    }
  }

  private static String levelName(Level l) {
    if (l.intValue() >= Level.SEVERE.intValue()) {
      return "error";
    }
    if (l.intValue() >= Level.WARNING.intValue()) {
      return "warn";
    }
    return l.intValue() >= Level.INFO.intValue() ? "info" : "debug";
  }

  private static String message(LogRecord r) {
    String m = r.getMessage() == null ? "" : r.getMessage();
    if (r.getParameters() != null && r.getParameters().length > 0 && m.contains("{0")) {
      m = java.text.MessageFormat.format(m, r.getParameters());
    }
    if (r.getThrown() != null) {
      m += " (" + r.getThrown() + ")";
    }
    return m;
  }

  private static String shortLogger(LogRecord r) {
    String name = r.getLoggerName() == null ? "" : r.getLoggerName();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** logfmt: {@code time=... level=info logger=Exporter msg="..."}. */
  static final class TextFormat extends Formatter {
    @Override
    public String format(LogRecord r) {
      return "time=" + Instant.ofEpochMilli(r.getMillis()) + " level=" + levelName(r.getLevel())
          + " logger=" + shortLogger(r) + " msg=" + quote(message(r)) + "\n";
    }

    /** logfmt's quoting, Go's: kept apart from JSON's, which would turn the {@code <} of {@code <redacted>} into an escape. */
    private static String quote(String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }
  }

  /** One JSON object per line: {@code {"time":...,"level":...,"logger":...,"msg":...}}. */
  static final class JsonFormat extends Formatter {
    @Override
    public String format(LogRecord r) {
      return "{\"time\":\"" + Instant.ofEpochMilli(r.getMillis()) + "\",\"level\":\"" + levelName(r.getLevel())
          + "\",\"logger\":" + JsonWriter.quote(shortLogger(r)) + ",\"msg\":" + JsonWriter.quote(message(r)) + "}\n";
    }

  }
}

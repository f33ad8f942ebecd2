package io.github.redismem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.JsonReader;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** Log lines stay one line and, in JSON, parse back to what was logged whatever the message holds. */
class LogSetupTest {
  private static final String NASTY = "say \"hi\" \\ back\nnext\r\t\u0001 \u2028\u2029 <redacted> ok";

  private static LogRecord record(String message) {
    LogRecord r = new LogRecord(Level.WARNING, message);
    r.setLoggerName("io.github.redismem.cli.Exporter");
    r.setMillis(0);
    return r;
  }

  @Test
  void jsonLinesUseTheOneJsonEscaperAndParseBack() {
    String line = new LogSetup.JsonFormat().format(record(NASTY));
    assertThat(line).endsWith("}\n").doesNotContain("\u2028", "\u2029", "\u0001");
    assertThat(line.strip()).doesNotContain("\n", "\r");
    Map<?, ?> parsed = (Map<?, ?>) JsonReader.parse(line.strip());
    assertThat(parsed.get("msg")).isEqualTo(NASTY);
    assertThat(parsed.get("level")).isEqualTo("warn");
    assertThat(parsed.get("logger")).isEqualTo("Exporter");
  }

  @Test
  void logfmtLinesStayOnOneLine() {
    String line = new LogSetup.TextFormat().format(record("a \"b\"\nc"));
    assertThat(line).isEqualTo("time=1970-01-01T00:00:00Z level=warn logger=Exporter msg=\"a \\\"b\\\"\\nc\"\n");
  }
}

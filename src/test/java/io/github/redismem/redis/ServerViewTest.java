package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerViewTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      7.0 INFO                | used_cpu_sys:1.234567\\r\\nused_cpu_user:2.000001\\r\\nused_cpu_sys_children:9.0 | 3234568000
      a fresh server          | used_cpu_sys:0.000000\\r\\nused_cpu_user:0.000000                               | 0
      no user time            | used_cpu_sys:1.5                                                                | -1
      a proxy without numbers | used_cpu_sys:n/a\\r\\nused_cpu_user:n/a                                          | -1
      no cpu section          |                                                                                 | -1
      """)
  void cpuNanosIsSysPlusUserInNanoseconds(String name, String fields, long expected) {
    String text = "# Server\r\nredis_version:7.0.15\r\n"
        + (fields == null ? "" : "# CPU\r\n" + fields.replace("\\r\\n", "\r\n") + "\r\n");
    assertThat(ServerView.cpuNanos(InfoReply.parse(text))).isEqualTo(expected);
    assertThat(ServerView.from(InfoReply.parse(text), Map.of()).cpuNanos()).isEqualTo(expected);
  }
}

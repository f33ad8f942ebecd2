package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.config.RenamedCommands;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The inspection script's text under renamed commands (RenamedCommandsIT runs it on servers that renamed them). */
class InspectionScriptTest {
  private static final Pattern COMMAND_LITERAL = Pattern.compile("'([A-Z_]+)'");

  @Test
  void everyUpperCaseLiteralOfTheScriptIsACommandTheRenamesKnowOrAnArgument() {
    Matcher m = COMMAND_LITERAL.matcher(InspectionScript.SOURCE);
    while (m.find()) {
      assertThat(RenamedCommands.SENT.contains(m.group(1)) || ARGUMENTS.contains(m.group(1)))
          .as("'%s' in inspect.lua", m.group(1)).isTrue();
    }
  }

  private static final java.util.Set<String> ARGUMENTS = java.util.Set.of("COUNT", "ENCODING", "USAGE", "SAMPLES",
      "WITHVALUES", "WITHSCORES");

  @Test
  void renamedCommandsAreCalledByTheServersNameAndArgumentsStay() {
    String source = InspectionScript.source(new RenamedCommands(Map.of("OBJECT", "obj_x", "MEMORY", "mem_x",
        "STRLEN", "len_x", "CONFIG", "cfg_x", "SCAN", "")));
    assertThat(source).contains("call('obj_x', 'ENCODING', k)", "'mem_x', 'USAGE', k, 'SAMPLES'", "'len_x'")
        .doesNotContain("'OBJECT'", "'MEMORY'", "'STRLEN'")
        // a disabled command keeps its name: the probes found it refused, so the script is not asked to run it
        .contains("'SCAN'");
    assertThat(InspectionScript.source(RenamedCommands.NONE)).isEqualTo(InspectionScript.SOURCE);
  }
}

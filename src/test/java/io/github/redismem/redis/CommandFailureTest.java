package io.github.redismem.redis;

import static io.github.redismem.redis.CommandFailure.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class CommandFailureTest {

  /** Lines of errors.txt: expected label, command, error text exactly as captured from the server. */
  static Stream<Arguments> captured() {
    return Stream.of("redis-6.2", "redis-7.0")
        .flatMap(dir -> Fixtures.text(dir + "/errors.txt").lines()
            .filter(line -> !line.isBlank() && !line.startsWith("#"))
            .map(line -> line.split("\t", 3))
            .map(parts -> Arguments.of(dir, parts[1], parts[2], parts[0])));
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("captured")
  void classifiesCapturedErrors(String dir, String command, String message, String expectedLabel) {
    assertThat(CommandFailure.classify(message).label()).isEqualTo(expectedLabel);
  }

  static final List<Arguments> DOCUMENTED = Arrays.asList(
      // Redis 7.2+ and Valkey name the user
      Arguments.of("NOPERM User exporter has no permissions to run the 'memory|stats' command", ACL_DENIED),
      Arguments.of("NOPERM No permissions to access a key", ACL_DENIED),
      Arguments.of("-NOPERM this user has no permissions to run the 'config' command or its subcommand", ACL_DENIED),
      // ElastiCache (CONFIG is renamed away), Memorystore, Azure, older servers
      Arguments.of("ERR unknown command `CONFIG`, with args beginning with: `GET`, `*`, ", UNKNOWN_COMMAND),
      Arguments.of("ERR unknown command 'memory', with args beginning with: USAGE", UNKNOWN_COMMAND),
      Arguments.of("ERR unknown command 'CONFIG'", UNKNOWN_COMMAND),
      Arguments.of("ERR unknown command `client`, with args beginning with: `list`, ", UNKNOWN_COMMAND),
      Arguments.of("ERR Unknown subcommand or wrong number of arguments for 'STATS'. Try MEMORY HELP.",
          UNKNOWN_COMMAND),
      Arguments.of("ERR unknown or unsupported command 'MEMORY'", UNKNOWN_COMMAND),
      // the service knows the command and refuses it
      Arguments.of("ERR command is not allowed", NOT_ALLOWED),
      Arguments.of("ERR Command disallowed", NOT_ALLOWED),
      Arguments.of("ERR Command is not available: 'MEMORY'. See https://docs.upstash.com/overall/rediscompatibility "
          + "for details", NOT_ALLOWED),
      Arguments.of("ERR command eval not support for your account", NOT_ALLOWED),
      Arguments.of("ERR Teleport: command not supported", NOT_ALLOWED),
      Arguments.of("ERR SELECT is not allowed in cluster mode", NOT_ALLOWED),
      // passing states, whatever their words
      Arguments.of("LOADING Redis is loading the dataset in memory", TRANSIENT),
      Arguments.of("LOADING Valkey is loading the dataset in memory", TRANSIENT),
      Arguments.of("BUSY Valkey is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
          TRANSIENT),
      Arguments.of("MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. "
          + "Commands that may modify the data set are disabled, because this instance is configured to report "
          + "errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option).", TRANSIENT),
      Arguments.of("OOM command not allowed when used memory > 'maxmemory'.", TRANSIENT),
      Arguments.of("ERR command not allowed when used memory > 'maxmemory'", TRANSIENT),
      Arguments.of("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.", TRANSIENT),
      Arguments.of("CLUSTERDOWN The cluster is down", TRANSIENT),
      Arguments.of("TRYAGAIN Multiple keys request during rehashing of slot", TRANSIENT),
      Arguments.of("READONLY You can't write against a read only replica.", TRANSIENT),
      Arguments.of("NOAUTH Authentication required.", TRANSIENT),
      Arguments.of("WRONGPASS invalid username-password pair or user is disabled.", TRANSIENT),
      Arguments.of("ERR max number of clients reached", TRANSIENT),
      Arguments.of("Command timed out after 1 minute(s)", TRANSIENT),
      Arguments.of("Connection closed", TRANSIENT),
      Arguments.of("", TRANSIENT),
      Arguments.of(null, TRANSIENT));

  @ParameterizedTest(name = "[{index}] {0}")
  @FieldSource("DOCUMENTED")
  void classifiesDocumentedErrors(String message, CommandFailure expected) {
    assertThat(CommandFailure.classify(message)).isEqualTo(expected);
  }

  @Test
  void onlyTransientIsWorthRetrying() {
    assertThat(Arrays.stream(values()).filter(CommandFailure::permanent))
        .containsExactly(ACL_DENIED, UNKNOWN_COMMAND, NOT_ALLOWED);
    assertThat(Arrays.stream(values()).map(CommandFailure::label))
        .containsExactly("acl_denied", "unknown_command", "not_allowed", "transient");
  }

  /** The sampler's reason for an error reply, and whether a script call meeting it may succeed later. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("samplingReasons")
  void samplingReasonOfAReply(String message, SamplingException.Reason reason, boolean passing, boolean noScript) {
    assertThat(SamplingException.reasonOf(message)).isEqualTo(reason);
    SamplingException e = new SamplingException(SamplingException.reasonOf(message), message, null);
    assertThat(e.passing()).isEqualTo(passing);
    assertThat(e.noScript()).isEqualTo(noScript);
  }

  static Stream<Arguments> samplingReasons() {
    return Stream.of(
        Arguments.of("NOPERM this user has no permissions to run the 'evalsha' command", SamplingException.Reason.REFUSED,
            false, false),
        Arguments.of("ERR unknown command 'EVALSHA_RO'", SamplingException.Reason.REFUSED, false, false),
        Arguments.of("LOADING Redis is loading the dataset in memory", SamplingException.Reason.LOADING, true, false),
        Arguments.of("BUSY Redis is busy running a script.", SamplingException.Reason.ERROR, true, false),
        Arguments.of("NOSCRIPT No matching script. Please use EVAL.", SamplingException.Reason.ERROR, false, true),
        Arguments.of("ERR Error running script (call to f_abc): @user_script:12: attempt to compare nil with number",
            SamplingException.Reason.ERROR, false, false));
  }
}

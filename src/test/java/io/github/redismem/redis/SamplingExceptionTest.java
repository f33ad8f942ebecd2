package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which refusals concern the keys (an ACL key pattern: skip the key) rather than the command (skip the command),
 * as Redis words them: 6.2 and 7.0 (checked against both), 7.2 on, and inside a script; and which replies are a
 * cluster node redirecting a key (MOVED, ASK).
 */
class SamplingExceptionTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
      "NOPERM this user has no permissions to access one of the keys used as arguments#true",
      "NOPERM No permissions to access a key#true",
      "ERR The user executing the script can't access at least one of the keys mentioned in the command arguments#"
          + "true",
      "ERR Error running script (call to f_1): @user_script:4: @user_script: 4: The user executing the script can't"
          + " access at least one of the keys mentioned in the command arguments#true",
      "NOPERM this user has no permissions to run the 'memory|usage' command#false",
      "NOPERM this user has no permissions to run the 'object' command or its subcommand#false",
      "ERR The user executing the script can't run this command or subcommand#false",
      "WRONGTYPE Operation against a key holding the wrong kind of value#false",
      "ERR no such key#false"})
  void tellsKeyRefusalsFromCommandRefusals(String message, boolean keys) {
    assertThat(SamplingException.refusesKeys(message)).isEqualTo(keys);
  }

  /** A cluster node's redirections (a key moved to another shard: vanished here), and look-alikes that are not. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
      "MOVED 3999 127.0.0.1:6381#true",
      "ASK 3999 127.0.0.1:6381#true",
      "MOVED 3999 [::1]:6381#true",
      "CROSSSLOT Keys in request don't hash to the same slot#false",
      "TRYAGAIN Multiple keys request during rehashing of slot#false",
      "ERR Script attempted to access a non local key in a cluster node script: abc, on @user_script:88.#false",
      "ERR MOVED is not a command#false"})
  void tellsRedirectionsOfAClusterNode(String message, boolean redirected) {
    assertThat(new SamplingException(SamplingException.reasonOf(message), message, null).redirected())
        .isEqualTo(redirected);
  }

  @org.junit.jupiter.api.Test
  void noMessageIsNoKeyRefusal() {
    assertThat(SamplingException.refusesKeys(null)).isFalse();
  }
}

package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Which failed connections RedisConnector tries again: those whose handshake lost its race with the closing channel,
 * as Lettuce 6.8 wraps them, directly and through the sentinels; never a refusal that has its reason.
 */
class HandshakeRaceTest {
  private static final String SENTINELS = "[redis://127.0.0.1:26379]";

  @Test
  void aConnectionClosedDuringItsHandshakeIsTriedAgain() {
    Throwable direct = new ExecutionException(new RedisConnectionException("Unable to connect to 127.0.0.1:6379",
        new RedisConnectionException("Connection closed prematurely")));
    assertThat(RedisConnector.closedDuringHandshake(direct)).isTrue();
    Throwable noHandler = new ExecutionException(new RedisConnectionException("Unable to connect to 127.0.0.1:6379",
        new IllegalStateException("RedisHandshakeHandler not registered")));
    assertThat(RedisConnector.closedDuringHandshake(noHandler)).isTrue();
  }

  @Test
  void throughTheSentinelsToo() {
    // RedisClient.connectSentinelAsync: the last sentinel's failure as the cause, the others' suppressed
    Throwable last = sentinelAt("127.0.0.1:26379", new IllegalStateException("RedisHandshakeHandler not registered"));
    RedisConnectionException all = new RedisConnectionException("Cannot connect to a Redis Sentinel: " + SENTINELS,
        last);
    assertThat(RedisConnector.closedDuringHandshake(new ExecutionException(all))).isTrue();

    RedisConnectionException firstRaced = new RedisConnectionException("Cannot connect to a Redis Sentinel: "
        + SENTINELS, sentinelAt("127.0.0.1:26380", new ConnectException("Connection refused")));
    firstRaced.addSuppressed(sentinelAt("127.0.0.1:26379",
        new RedisConnectionException("Connection closed prematurely")));
    assertThat(RedisConnector.closedDuringHandshake(firstRaced)).isTrue();
  }

  @Test
  void aRefusalWithItsReasonIsNot() {
    assertThat(RedisConnector.closedDuringHandshake(new RedisConnectionException("Cannot connect to a Redis "
        + "Sentinel: " + SENTINELS, sentinelAt("127.0.0.1:26379", new RedisCommandExecutionException(
            "NOAUTH HELLO must be called with the client already authenticated"))))).isFalse();
    assertThat(RedisConnector.closedDuringHandshake(new RedisConnectionException("Unable to connect to x:1",
        new RedisCommandExecutionException("WRONGPASS invalid username-password pair")))).isFalse();
    // a refused or reset connection may come without a message
    assertThat(RedisConnector.closedDuringHandshake(new RedisConnectionException("Unable to connect to x:1",
        new ConnectException()))).isFalse();
    assertThat(RedisConnector.closedDuringHandshake(new IllegalStateException("Connection is closed"))).isFalse();
    // the message alone is not enough: another class saying it is not Lettuce's handshake
    assertThat(RedisConnector.closedDuringHandshake(new RuntimeException("Connection closed prematurely")))
        .isFalse();
  }

  @Test
  void aTimeoutThatCameAtOnceIsTriedAgainButNotOneThatTookItsTime() {
    Duration timeout = Duration.ofSeconds(2);
    // as Lettuce failed the lookup of the primary once in CI, at once
    Throwable lookup = new ExecutionException(new RedisConnectionException("Cannot obtain master using SENTINEL MASTER",
        new RedisCommandTimeoutException("Command timed out after 2 second(s)")));
    assertThat(RedisConnector.timedOutEarly(lookup, Duration.ofMillis(30).toNanos(), timeout)).isTrue();
    assertThat(RedisConnector.timedOutEarly(lookup, timeout.toNanos(), timeout)).as("a real timeout").isFalse();
    assertThat(RedisConnector.timedOutEarly(new RedisConnectionException("Unable to connect to x:1",
        new ConnectException("Connection refused")), 0, timeout)).isFalse();
  }

  private static RedisConnectionException sentinelAt(String address, Throwable cause) {
    return new RedisConnectionException("Cannot connect Redis Sentinel at redis://" + address, cause);
  }
}

package io.github.redismem.analysis;

import static io.github.redismem.analysis.SamplePassTest.THRESHOLDS;
import static io.github.redismem.analysis.SamplePassTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.redis.NodeSelector;
import io.github.redismem.redis.SamplingException;
import io.github.redismem.testing.FakeKeyspaceReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The sampler asks its {@link NodeSelector} at the start of every pass and reads the chosen node for the whole pass:
 * the node and its role are published, the status's capabilities are the chosen reader's, and sampling.onPrimary
 * still vetoes a primary whichever way it was chosen.
 */
class KeySamplerNodesTest {

  /** Hands out the queued choices in turn, the last one again once the queue is down to it. */
  static final class QueuedChoices implements NodeSelector {
    final Deque<Choice> choices = new ArrayDeque<>();
    int asked;

    QueuedChoices then(String node, FakeKeyspaceReader reader) {
      choices.add(new Choice(node, reader));
      return this;
    }

    @Override
    public Choice choose() throws SamplingException {
      asked++;
      return choices.size() > 1 ? choices.poll() : choices.peek();
    }

    @Override
    public void close() {}
  }

  @Test
  void eachPassReadsTheNodeChosenAtItsStartAndNamesIt() throws Exception {
    FakeKeyspaceReader replica = new FakeKeyspaceReader().keys(0, "user:", 120).primary(false);
    FakeKeyspaceReader promoted = new FakeKeyspaceReader().keys(0, "user:", 80).primary(true);
    QueuedChoices nodes = new QueuedChoices().then("10.0.0.2:6379", replica).then("10.0.0.3:6379", promoted);
    KeySampler sampler = new KeySampler(nodes, settings(1.0, 0, 1.0, true), THRESHOLDS,
        new SamplePassTest.FakeClock());

    SinglePass first = sampler.runOnce(PassProgress.NONE, () -> false).orElseThrow();
    assertThat(first.result().keysInspected()).isEqualTo(120);
    assertThat(sampler.status().node()).contains(new SampledNode("10.0.0.2:6379", "replica"));
    assertThat(promoted.keyspaceCalls()).isZero();

    SinglePass second = sampler.runOnce(PassProgress.NONE, () -> false).orElseThrow();
    // the whole pass on the node of its start: none of the first node's keys, none counted twice
    assertThat(second.result().keysInspected()).isEqualTo(80);
    assertThat(sampler.status().node()).contains(new SampledNode("10.0.0.3:6379", "primary"));
    assertThat(nodes.asked).isEqualTo(2);
  }

  @Test
  void onPrimaryFalseSkipsAChosenPrimaryAndNamesNoNode() throws Exception {
    FakeKeyspaceReader replica = new FakeKeyspaceReader().keys(0, "user:", 50).primary(false);
    FakeKeyspaceReader primary = new FakeKeyspaceReader().keys(0, "user:", 50).primary(true);
    QueuedChoices nodes = new QueuedChoices().then("10.0.0.2:6379", replica).then("10.0.0.1:6379", primary);
    KeySampler sampler = new KeySampler(nodes, settings(1.0, 0, 1.0, false), THRESHOLDS,
        new SamplePassTest.FakeClock());

    assertThat(sampler.runOnce(PassProgress.NONE, () -> false)).isPresent();
    assertThat(sampler.status().node()).contains(new SampledNode("10.0.0.2:6379", "replica"));
    assertThat(sampler.runOnce(PassProgress.NONE, () -> false)).isEmpty();
    assertThat(sampler.status().state()).isEqualTo("skipped_primary");
    assertThat(sampler.status().node()).isEmpty();
    assertThat(primary.keyspaceCalls()).isZero();
  }

  @Test
  void aReaderGivenAsIsNamesNoNode() throws Exception {
    KeySampler sampler = new KeySampler(new FakeKeyspaceReader().keys(0, "k", 10), settings(1.0, 0, 1.0, true),
        THRESHOLDS, new SamplePassTest.FakeClock());
    assertThat(sampler.runOnce(PassProgress.NONE, () -> false)).isPresent();
    assertThat(sampler.status().node()).isEqualTo(Optional.empty());
  }
}

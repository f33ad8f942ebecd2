package io.github.redismem.analysis;

import io.github.redismem.config.DurationText;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.NodeSelector;
import io.github.redismem.redis.ServerView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Runs {@link SamplePass}es over one node: pass after pass on a thread of its own ({@link #start()}), or one pass on
 * the caller's thread ({@link #runOnce}) for the {@code analyze} command; a sampler is used in one of the two modes.
 * At the start of each pass its {@link NodeSelector} chooses the node ({@code sampling.readFrom}: a replica where
 * one is online), which the whole pass then reads; the sampler decides whether to sample that node at all (not a
 * primary when {@code sampling.onPrimary} is false) and publishes each completed pass. The only shared mutable
 * state is the reference to the last two passes (the previous one to say what changed since), the node and reader
 * of the latest pass, and the {@link SamplerCounters}; a pass that fails keeps the previous result in place.
 */
public final class KeySampler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KeySampler.class.getName());

  private final NodeSelector nodes;
  /** The reader of the running or last pass: its capabilities and limits are the status's. */
  private volatile KeyspaceReader reader;
  /** The node the running or last pass reads; null before the first or while none is sampled. */
  private volatile SampledNode node;
  /** The node chosen for the running or last pass, for log lines; empty when not named. */
  private volatile String chosen = "";
  private final SamplingSettings settings;
  private final ThresholdSettings thresholdSettings;
  private final PassScope scope;
  private final PassClock clock;
  private final ExecutorService thread;
  private final AtomicReference<Passes> latest = new AtomicReference<>(Passes.NONE);
  private final AtomicReference<Mode> mode = new AtomicReference<>();
  private final SamplerCounters counters = new SamplerCounters();
  private volatile boolean closed;

  /** The two ways a sampler runs; the first call decides. */
  private enum Mode { BACKGROUND, ONE_SHOT }

  /** A sampler of the one node {@code reader} reads. */
  public KeySampler(KeyspaceReader reader, SamplingSettings settings, ThresholdSettings thresholds) {
    this(NodeSelector.of(reader), settings, thresholds, PassClock.SYSTEM);
  }

  /** A sampler of the node {@code nodes} chooses at the start of each pass. */
  public KeySampler(NodeSelector nodes, SamplingSettings settings, ThresholdSettings thresholds) {
    this(nodes, settings, thresholds, PassClock.SYSTEM);
  }

  KeySampler(KeyspaceReader reader, SamplingSettings settings, ThresholdSettings thresholds, PassClock clock) {
    this(NodeSelector.of(reader), settings, thresholds, clock);
  }

  KeySampler(NodeSelector nodes, SamplingSettings settings, ThresholdSettings thresholds, PassClock clock) {
    this.nodes = nodes;
    this.reader = null;
    this.settings = settings;
    this.thresholdSettings = thresholds;
    this.scope = PassScope.of(settings);
    this.clock = clock;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "key-sampler");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the passes in the background, one every {@code sampling.interval}. */
  public void start() {
    claim(Mode.BACKGROUND);
    thread.submit(this::run);
  }

  private void run() {
    while (!closed) {
      try {
        pass(PassProgress.NONE, () -> closed).filter(p -> !p.partial()).ifPresent(p -> publish(p.result()));
        clock.sleep(settings.interval().toNanos());
      } catch (InterruptedException e) {
        return;
      } catch (PassAbandoned.SamplerRefused e) {
        counters.state = "refused"; // logged once by the reader; scrapes are unaffected
        pause(settings.interval().toNanos());
      } catch (PassAbandoned e) {
        counters.state = "failing";
        // the node may be a replica of redis.addr: naming it tells an unreachable announced address from Redis down
        LOG.warning("sampler pass" + (chosen.isEmpty() ? "" : " on " + chosen + " (sampling.readFrom)")
            + " abandoned after " + Retries.MAX_CONSECUTIVE_FAILURES + " failed batches: "
            + e.getMessage() + "; the previous pass stays published, next try in "
            + DurationText.format(settings.interval()));
        pause(settings.interval().toNanos());
      } catch (RuntimeException | OutOfMemoryError e) {
        // an undersized heap must cost a pass, not the sampler thread: without this catch it would die silently
        counters.state = "failing";
        LOG.warning("sampler pass failed: " + e + "; next try in " + DurationText.format(settings.interval()));
        pause(settings.interval().toNanos());
      }
    }
  }

  /**
   * Runs one pass on the caller's thread, for the one-shot {@code analyze} command: the same throttle and
   * settings as the background passes, except that {@code sampling.onPrimary} is the caller's to decide. Checks
   * {@code stop} after each batch; once it is true the pass ends there and its figures so far are returned,
   * marked partial. The pass is published to {@link #status()} as a background pass is. Not with {@link #start()}.
   *
   * @return the pass, or empty when the node is a primary and {@code sampling.onPrimary} is false
   * @throws IllegalStateException when Redis failed several times in a row, with the last failure's reason
   */
  public Optional<SinglePass> runOnce(PassProgress progress, BooleanSupplier stop) throws InterruptedException {
    claim(Mode.ONE_SHOT);
    latest.set(Passes.NONE);
    try {
      Optional<SinglePass> pass = pass(progress, () -> closed || stop.getAsBoolean());
      pass.ifPresent(p -> publish(p.result()));
      return pass;
    } catch (PassAbandoned e) {
      counters.state = e instanceof PassAbandoned.SamplerRefused ? "refused" : "failing";
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private Optional<SinglePass> pass(PassProgress progress, BooleanSupplier stop)
      throws InterruptedException, PassAbandoned {
    // the node is chosen anew for every pass (failover, a replica gone or back) and kept for the whole pass, so
    // that a key is never counted on two nodes; a failed choice is retried and abandoned as a pass's calls are
    NodeSelector.Choice choice = new Retries(counters, clock).call(nodes::choose);
    reader = choice.reader();
    chosen = choice.node();
    SamplePass pass = new SamplePass(choice.reader(), settings, thresholdSettings, counters, clock, progress, stop);
    ServerView server = pass.server();
    if (!settings.onPrimary() && server.primary()) {
      node = null;
      counters.state = "skipped_primary";
      return Optional.empty();
    }
    node = choice.node().isEmpty() ? null : new SampledNode(choice.node(), server.primary() ? "primary" : "replica");
    return Optional.of(pass.run(server));
  }

  private void publish(PassResult result) {
    latest.getAndUpdate(p -> p.then(result));
    counters.passesTotal.incrementAndGet();
  }

  private void claim(Mode wanted) {
    Mode was = mode.compareAndExchange(null, wanted);
    if (was != null && (was != wanted || wanted == Mode.BACKGROUND)) {
      throw new IllegalStateException("this sampler already runs " + was + "; it cannot also run " + wanted);
    }
  }

  private void pause(long nanos) {
    try {
      clock.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  public SamplerStatus status() {
    Passes passes = latest.get();
    KeyspaceReader current = reader;
    return new SamplerStatus(counters.keysTotal.get(), counters.passesTotal.get(), counters.vanishedTotal.get(),
        counters.errors(), counters.progress, counters.redisTimeRatio, settings.sampleRatio(), counters.state,
        Optional.ofNullable(passes.last()), Optional.ofNullable(passes.previous()), Optional.of(scope), limits(),
        current == null ? Map.of() : current.capabilities(), counters.keysForbidden(),
        Optional.ofNullable(node), counters.keysNotOwned(), counters.batchKeys,
        Duration.ofNanos(counters.longestCallNanos), Optional.ofNullable(counters.estimate));
  }

  /** What refused commands cost: databases skipped by the passes, then the reader's own (sizes estimated, ...). */
  private List<String> limits() {
    List<String> out = new ArrayList<>(counters.limits());
    KeyspaceReader current = reader;
    if (current != null) {
      out.addAll(current.limits());
    }
    return out;
  }

  /**
   * The last two completed passes, published together so that a reader never sees a last pass with the previous
   * pass of another moment. Either may be null.
   */
  private record Passes(PassResult last, PassResult previous) {
    static final Passes NONE = new Passes(null, null);

    Passes then(PassResult next) {
      return new Passes(next, last);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    nodes.close();
  }
}

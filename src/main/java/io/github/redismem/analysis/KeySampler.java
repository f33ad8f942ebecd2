package io.github.redismem.analysis;

import io.github.redismem.config.DurationText;
import io.github.redismem.config.SamplingSettings;
import io.github.redismem.config.ThresholdSettings;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.ServerView;
import java.util.ArrayList;
import java.util.List;
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
 * Decides whether to sample at all (a primary, unless {@code sampling.onPrimary}) and publishes each completed
 * pass. The only shared mutable state is the reference to the last two passes (the previous one to say what changed
 * since) and the {@link SamplerCounters}; a pass that fails keeps the previous result in place.
 */
public final class KeySampler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KeySampler.class.getName());

  private final KeyspaceReader reader;
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

  public KeySampler(KeyspaceReader reader, SamplingSettings settings, ThresholdSettings thresholds) {
    this(reader, settings, thresholds, PassClock.SYSTEM);
  }

  KeySampler(KeyspaceReader reader, SamplingSettings settings, ThresholdSettings thresholds, PassClock clock) {
    this.reader = reader;
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
        LOG.warning("sampler pass abandoned after " + Retries.MAX_CONSECUTIVE_FAILURES + " failed batches: "
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
    SamplePass pass = new SamplePass(reader, settings, thresholdSettings, counters, clock, progress, stop);
    ServerView server = pass.server();
    if (!settings.onPrimary() && server.primary()) {
      counters.state = "skipped_primary";
      return Optional.empty();
    }
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
    return new SamplerStatus(counters.keysTotal.get(), counters.passesTotal.get(), counters.vanishedTotal.get(),
        counters.errors(), counters.progress, counters.redisTimeRatio, settings.sampleRatio(), counters.state,
        Optional.ofNullable(passes.last()), Optional.ofNullable(passes.previous()), Optional.of(scope), limits(),
        reader.capabilities(), counters.keysForbidden());
  }

  /** What refused commands cost: databases skipped by the passes, then the reader's own (sizes estimated, ...). */
  private List<String> limits() {
    List<String> out = new ArrayList<>(counters.limits());
    out.addAll(reader.limits());
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
    reader.close();
  }
}

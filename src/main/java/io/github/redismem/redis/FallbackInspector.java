package io.github.redismem.redis;

import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.KeyspaceReader.Inspection;
import io.github.redismem.redis.KeyspaceReader.Pending;
import io.github.redismem.redis.KeyspaceReader.ScanInspection;
import io.github.redismem.redis.SamplingException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Inspects the preferred way (the script) while the server allows it, and the fallback way (pipelined commands)
 * once it refuses: each refusal is logged once and remembered in the {@link Capabilities}, so the preferred way is
 * not tried again. Two steps down: where only SCAN inside the script is refused (some proxies and managed services)
 * the keys are scanned with SCAN and still inspected by the script; where the script itself is refused, by the
 * fallback. Passing failures go to the caller unchanged (the batch is retried; nothing is switched). A script call
 * refused because it names keys outside the user's ACL key pattern switches nothing either: that batch alone goes
 * the fallback way (the script in its SCAN mode reports such keys itself).
 */
final class FallbackInspector implements Inspector {
  private static final Logger LOG = Logger.getLogger(FallbackInspector.class.getName());

  private final Inspector preferred;
  private final Inspector fallback;
  private final Scanner scanner;
  private final AtomicReference<Capabilities> capabilities;
  /** Whether a batch refused for its keys was logged: once is enough, a narrow key pattern refuses many. */
  private boolean keysRefusedLogged;
  /**
   * Keys the last step's script call left (its time budget ran out), for the next step of the same walk: its call
   * inspects them first, so that each call runs until its budget is spent instead of a short call of its own
   * following a full one (at the 1 ms bound six steps in ten left some: 1.6 calls a step, so 1.6 waits for the
   * clients of a busy Redis, where one does). Never across walks.
   */
  private List<byte[]> carried = List.of();
  private int carriedDb = -1;
  /** SCAN's Redis time per key it returned, where it runs as a command of its own; 0 until measured. */
  private double scanNanosPerKey;
  /** The fewest keys a SCAN of its own is asked for, whatever it costs: fewer, and each step's fixed costs dominate. */
  static final int MIN_SCAN_KEYS = 8;

  /** SCAN on its own, for the steps where the preferred way may not scan; keys of slots not owned left out. */
  @FunctionalInterface
  interface Scanner {
    ScanPage scan(int db, String cursor, int count) throws SamplingException;
  }

  FallbackInspector(Inspector preferred, Inspector fallback, Scanner scanner,
      AtomicReference<Capabilities> capabilities) {
    this.preferred = preferred;
    this.fallback = fallback;
    this.scanner = scanner;
    this.capabilities = capabilities;
  }

  @Override
  public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws SamplingException {
    if (capabilities.get().inspectsByScript()) {
      try {
        return preferred.inspect(db, keys, options);
      } catch (KeysRedirected e) {
        // a key of this batch moved to another cluster node: the fallback counts it as vanished, key by key
        return fallbackInspect(db, keys, options);
      } catch (KeysRefused e) {
        // a key of this batch is outside the user's key pattern, and a script call declaring it is refused whole:
        // this batch only goes the fallback way, which refuses the forbidden keys one by one
        if (!keysRefusedLogged) {
          keysRefusedLogged = true;
          LOG.warning("sampler: a script call naming keys outside the user's ACL key pattern was refused ("
              + e.getMessage() + "); such batches are inspected with pipelined commands, their forbidden keys"
              + " counted and skipped");
        }
        return fallbackInspect(db, keys, options);
      } catch (InspectionRefused e) {
        refused(Capabilities::withoutScripts, "the inspection script failed (" + e.getMessage()
            + "); inspecting with pipelined commands from now on");
      }
    }
    return fallbackInspect(db, keys, options);
  }

  private Inspection fallbackInspect(int db, List<byte[]> keys, InspectOptions options) throws SamplingException {
    try {
      return fallback.inspect(db, keys, options);
    } catch (InspectionRefused e) {
      throw new SamplingException(Reason.REFUSED, e.getMessage(), e);
    }
  }

  /**
   * The step, with the keys the last step left ({@link #carried}) inspected first and counted among its own; the
   * keys this step's call leaves are carried to the next step, or inspected now where the walk ends. SCAN asks for
   * as many fewer keys as are carried: the call is given about what it was sized for.
   */
  @Override
  public ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options)
      throws SamplingException {
    if ("0".equals(cursor) || db != carriedDb) {
      carried = List.of(); // a walk starts: nothing from another walk or database
    }
    List<byte[]> these = carried;
    int scanCount = Math.max(1, count - these.size());
    if (capabilities.get().scriptScans()) {
      try {
        return carryOn(db, preferred.scanAndInspect(db, cursor, scanCount, these, options), options);
      } catch (InspectionRefused e) {
        refused(Capabilities::withoutScanInScript, "the inspection script (scanning itself) failed ("
            + e.getMessage() + "); scanning with SCAN from now on");
      }
    }
    ScanPage page = scanner.scan(db, cursor, scanKeys(scanCount, options));
    learnScanCost(page);
    List<byte[]> keys = page.keys();
    if (!these.isEmpty()) {
      keys = new ArrayList<>(these);
      keys.addAll(page.keys());
    }
    // the SCAN, a command of its own here, is the step's longest: what a client arriving meanwhile waited
    Inspection scanned = new Inspection(List.of(), 0, page.serverNanos(), List.of(), page.serverNanos(), 1);
    Inspection inspection = keys.isEmpty() ? scanned : scanned.and(inspect(db, keys, options));
    carried = List.of();
    return new ScanInspection(page.cursor(), keys.size() + page.notOwned(), inspection, page.notOwned());
  }

  /**
   * The count a SCAN of its own is asked for: where calls are bounded ({@link InspectOptions#callBudgetMicros()}),
   * no more than fit that budget at SCAN's cost per key measured so far, at least {@link #MIN_SCAN_KEYS}. The sampler
   * sizes its steps at an assumed 1.6 us a key, SCAN's cost at full speed; on memory left cold between throttled
   * steps one SCAN of 250 keys took 18.6 ms (1M keys, 7.0, a 1% share: 74 us a key), 18 times the default bound.
   */
  private int scanKeys(int count, InspectOptions options) {
    if (options.callBudgetMicros() <= 0 || scanNanosPerKey <= 0) {
      return count;
    }
    return (int) Math.max(Math.min(count, MIN_SCAN_KEYS),
        Math.min(count, options.callBudgetMicros() * 1_000 / scanNanosPerKey));
  }

  /** SCAN's cost per key it returned, from Redis's own time: the last steps', half each. */
  private void learnScanCost(ScanPage page) {
    int returned = page.keys().size() + page.notOwned();
    if (page.serverNanos() >= 0 && returned > 0) {
      double perKey = (double) page.serverNanos() / returned;
      scanNanosPerKey = scanNanosPerKey == 0 ? perKey : 0.5 * scanNanosPerKey + 0.5 * perKey;
    }
  }

  /** The keys the step's call left: carried to the next step of the walk, or inspected now where it ends. */
  private ScanInspection carryOn(int db, ScanInspection step, InspectOptions options) throws SamplingException {
    carried = List.of();
    if (step.left().isEmpty()) {
      return step;
    }
    if (step.finished()) {
      return finish(db, step, options);
    }
    carried = step.left();
    carriedDb = db;
    return new ScanInspection(step.cursor(), step.scanned(), step.inspection(), step.notOwned());
  }

  /**
   * The step sent now, its own keys finished when it is awaited (the next step is sent before its reply comes, so
   * it carries nothing itself). Keys the step before left, where it was not sent ahead (the first of a pass, or one
   * run instead), are owed to this one: inspected once it is awaited, and counted among its keys.
   */
  @Override
  public Pending<ScanInspection> sendAhead(int db, String cursor, int count, InspectOptions options,
      Pending<ScanInspection> instead) {
    List<byte[]> owed = db == carriedDb ? carried : List.of();
    carried = List.of();
    Pending<ScanInspection> step;
    if (capabilities.get().scriptScans()) {
      Pending<ScanInspection> sent = preferred.sendAhead(db, cursor, count, options, instead);
      step = () -> finish(db, sent.await(), options);
    } else {
      step = instead;
    }
    return owed.isEmpty() ? step : () -> withOwed(db, owed, step, options);
  }

  /** The step with keys an earlier one left; where either fails, the keys are carried again for its retry. */
  private ScanInspection withOwed(int db, List<byte[]> owed, Pending<ScanInspection> step, InspectOptions options)
      throws SamplingException {
    try {
      ScanInspection mine = step.await();
      Inspection first = inspect(db, owed, options);
      return new ScanInspection(mine.cursor(), owed.size() + mine.scanned(), first.and(mine.inspection()),
          mine.notOwned(), mine.left());
    } catch (SamplingException e) {
      carried = owed;
      carriedDb = db;
      throw e;
    }
  }

  /**
   * The step with the keys its script call left (its time budget ran out, or a big collection came) inspected by
   * calls of their own, as {@link #inspect} does any keys: the step is then whole.
   */
  private ScanInspection finish(int db, ScanInspection step, InspectOptions options) throws SamplingException {
    if (step.left().isEmpty()) {
      return step;
    }
    Inspection rest = inspect(db, step.left(), options);
    return new ScanInspection(step.cursor(), step.scanned() + step.left().size(), step.inspection().and(rest),
        step.notOwned());
  }

  @Override
  public double keysPerCall() {
    return capabilities.get().inspectsByScript() ? preferred.keysPerCall() : 0;
  }

  private void refused(UnaryOperator<Capabilities> learned, String warning) {
    capabilities.updateAndGet(learned);
    LOG.warning("sampler: " + warning);
  }
}

package io.github.redismem.testing;

import io.github.redismem.redis.KeyFacts;
import io.github.redismem.redis.KeyspaceReader;
import io.github.redismem.redis.SamplingException;
import io.github.redismem.redis.ScanPage;
import io.github.redismem.redis.ServerView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * A keyspace in memory behind our own {@link KeyspaceReader} interface, to drive the sampler's pass without Redis:
 * keys per database in the order SCAN returns them (the cursor is an index), failures scripted by the number of
 * the keyspace call (SCAN, inspection or both; the first is 1), keys that vanish between SCAN and their
 * inspection, and a cost per inspected key that is reported as Redis's own time and spent on the test's clock.
 * Not a model of Redis: a test double of the seam the sampler reads through.
 */
public final class FakeKeyspaceReader implements KeyspaceReader {
  private final Map<Integer, List<KeyFacts>> dbs = new TreeMap<>();
  private final Map<Integer, SamplingException.Reason> failures = new HashMap<>();
  private final Set<String> vanishing = new HashSet<>();
  private int failFrom = Integer.MAX_VALUE;
  private SamplingException.Reason failFromReason = SamplingException.Reason.CONNECTION;
  private boolean primary;
  private boolean overlapPages;
  private long nanosPerKey = -1;
  private LongConsumer elapse = n -> { };
  private int keyspaceCalls;
  private int sentAhead;
  private InspectOptions lastOptions;
  private int serverReads;
  private boolean closed;

  /** A string key of {@code bytes} in {@code db}. */
  public FakeKeyspaceReader put(int db, String key, long bytes) {
    return put(db, new KeyFacts(key.getBytes(StandardCharsets.UTF_8), "string", "raw", bytes, -1, bytes, null, null));
  }

  public FakeKeyspaceReader put(int db, KeyFacts facts) {
    dbs.computeIfAbsent(db, d -> new ArrayList<>()).add(facts);
    return this;
  }

  /** {@code count} string keys named {@code prefix0, prefix1, ...} of 100 bytes each. */
  public FakeKeyspaceReader keys(int db, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      put(db, prefix + i, 100);
    }
    return this;
  }

  /** The keyspace calls with these numbers fail once each with {@code reason}. */
  public FakeKeyspaceReader failCalls(SamplingException.Reason reason, int... callNumbers) {
    for (int n : callNumbers) {
      failures.put(n, reason);
    }
    return this;
  }

  /** Every keyspace call from number {@code first} on fails with {@code reason}. */
  public FakeKeyspaceReader failFrom(int first, SamplingException.Reason reason) {
    failFrom = first;
    failFromReason = reason;
    return this;
  }

  /** SCAN still returns this key, but it is gone by the time it is inspected. */
  public FakeKeyspaceReader vanishing(String key) {
    vanishing.add(key);
    return this;
  }

  /** Each SCAN page also returns the last key of the page before, as SCAN may while a table resizes. */
  public FakeKeyspaceReader overlappingPages() {
    overlapPages = true;
    return this;
  }

  public FakeKeyspaceReader primary(boolean isPrimary) {
    primary = isPrimary;
    return this;
  }

  /**
   * Each inspected key costs Redis {@code nanos}: reported as the inspection's {@code serverNanos} (as the script
   * reports its own time) and passed to {@code clock}, which a test's clock advances by.
   */
  public FakeKeyspaceReader costPerKey(long nanos, LongConsumer clock) {
    nanosPerKey = nanos;
    elapse = clock;
    return this;
  }

  /** Keyspace calls made so far (SCAN, inspections; a step sent ahead counts when it is sent). */
  /** The options of the last inspection asked, as the pass made them. */
  public InspectOptions lastOptions() {
    return lastOptions;
  }

  public int keyspaceCalls() {
    return keyspaceCalls;
  }

  /** Steps sent ahead with {@link #sendScanAndInspect}. */
  public int sentAhead() {
    return sentAhead;
  }

  public int serverReads() {
    return serverReads;
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public ServerView server() {
    serverReads++;
    Map<Integer, Long> keys = new TreeMap<>();
    dbs.forEach((db, list) -> keys.put(db, (long) list.size()));
    long bytes = dbs.values().stream().flatMap(List::stream).mapToLong(KeyFacts::memoryBytes).sum();
    return new ServerView(7, 0, primary, false, bytes, 0, bytes, Map.copyOf(keys), Map.of(), -1, "");
  }

  @Override
  public ServerView serverState() {
    return server();
  }

  @Override
  public ScanPage scan(int db, String cursor, int count) throws SamplingException {
    call();
    List<KeyFacts> all = dbs.getOrDefault(db, List.of());
    int from = Integer.parseInt(cursor);
    int to = Math.min(all.size(), from + count);
    List<byte[]> page = new ArrayList<>();
    if (overlapPages && from > 0) {
      page.add(all.get(from - 1).key());
    }
    all.subList(from, to).forEach(k -> page.add(k.key()));
    return new ScanPage(to >= all.size() ? "0" : Integer.toString(to), page);
  }

  @Override
  public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws SamplingException {
    lastOptions = options;
    call();
    return inspected(db, keys);
  }

  private Inspection inspected(int db, List<byte[]> keys) {
    Map<String, KeyFacts> byName = new HashMap<>();
    dbs.getOrDefault(db, List.of()).forEach(k -> byName.put(name(k.key()), k));
    List<KeyFacts> out = new ArrayList<>();
    for (byte[] key : keys) {
      KeyFacts facts = byName.get(name(key));
      if (facts != null && !vanishing.contains(name(key))) {
        out.add(facts);
      }
    }
    long serverNanos = nanosPerKey < 0 ? -1 : nanosPerKey * keys.size();
    if (serverNanos > 0) {
      elapse.accept(serverNanos);
    }
    return new Inspection(out, keys.size() - out.size(), serverNanos);
  }

  @Override
  public ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options)
      throws SamplingException {
    lastOptions = options;
    ScanPage page = scan(db, cursor, count);
    return new ScanInspection(page.cursor(), page.keys().size(), inspected(db, page.keys()));
  }

  @Override
  public Pending<ScanInspection> sendScanAndInspect(int db, String cursor, int count, InspectOptions options) {
    sentAhead++;
    try {
      ScanInspection step = scanAndInspect(db, cursor, count, options);
      return () -> step;
    } catch (SamplingException e) {
      return () -> {
        throw e;
      };
    }
  }

  private void call() throws SamplingException {
    keyspaceCalls++;
    SamplingException.Reason reason = keyspaceCalls >= failFrom ? failFromReason : failures.get(keyspaceCalls);
    if (reason != null) {
      throw new SamplingException(reason, "scripted failure of call " + keyspaceCalls, null);
    }
  }

  private static String name(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    closed = true;
  }
}

package io.github.redismem.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redismem.redis.KeyspaceReader.InspectOptions;
import io.github.redismem.redis.KeyspaceReader.Inspection;
import io.github.redismem.redis.KeyspaceReader.Pending;
import io.github.redismem.redis.KeyspaceReader.ScanInspection;
import io.github.redismem.redis.SamplingException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fallback decorator over two recording inspectors of our own: which way each of three steps takes, and what
 * it leaves in the {@link Capabilities}. No Redis: InspectionScriptIT compares the real ways' facts.
 */
class FallbackInspectorTest {
  static final InspectOptions OPTIONS = new InspectOptions(5, 512);
  static final List<byte[]> PAGE = List.of("a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8));

  /** What the server does with the script: runs it, refuses SCAN inside it, refuses it, or fails for a moment. */
  enum Server { RUNS, NO_SCAN_IN_SCRIPT, REFUSES, BUSY_ONCE }

  /** An inspector that records its calls as "scan+inspect" or "inspect", and refuses or fails as the server says. */
  static class Recording implements Inspector {
    final String name;
    final Server server;
    final List<String> calls = new ArrayList<>();

    Recording(String name, Server server) {
      this.name = name;
      this.server = server;
    }

    @Override
    public Inspection inspect(int db, List<byte[]> keys, InspectOptions options)
        throws SamplingException, InspectionRefused {
      calls.add("inspect");
      if (server == Server.REFUSES) {
        throw new InspectionRefused("NOPERM no permissions to run the 'evalsha' command", null);
      }
      return new Inspection(List.of(), keys.size());
    }

    @Override
    public ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options)
        throws SamplingException, InspectionRefused {
      calls.add("scan+inspect");
      if (server == Server.REFUSES || server == Server.NO_SCAN_IN_SCRIPT) {
        throw new InspectionRefused("ERR Error running script: SCAN not allowed", null);
      }
      if (server == Server.BUSY_ONCE && calls.size() == 1) {
        throw new SamplingException(Reason.ERROR, "BUSY Redis is busy running a script", null);
      }
      return new ScanInspection("0", 0, new Inspection(List.of(), 0));
    }
  }

  /**
   * Per server: the script's calls and the pipeline's calls over three steps (scanAndInspect), and what the
   * capabilities say afterwards (scripts, scanInScript).
   */
  static Stream<Arguments> servers() {
    return Stream.of(
        Arguments.of(Server.RUNS, true, List.of("scan+inspect", "scan+inspect", "scan+inspect"), List.of(), true,
            true),
        // the switch happens once: SCAN inside the script is not tried again; the script still inspects
        Arguments.of(Server.NO_SCAN_IN_SCRIPT, true, List.of("scan+inspect", "inspect", "inspect", "inspect"),
            List.of(), true, false),
        // down two steps on the first, then the pipeline only
        Arguments.of(Server.REFUSES, true, List.of("scan+inspect", "inspect"),
            List.of("inspect", "inspect", "inspect"), false, false),
        // sampling.luaScripts=false: the script is never tried
        Arguments.of(Server.RUNS, false, List.of(), List.of("inspect", "inspect", "inspect"), false, true));
  }

  @ParameterizedTest(name = "{0}, scripts configured {1}")
  @MethodSource("servers")
  void switchesOnceAndRemembers(Server server, boolean scripts, List<String> scriptCalls, List<String> pipelineCalls,
      boolean scriptsAfter, boolean scanInScriptAfter) throws Exception {
    Recording script = new Recording("script", server);
    Recording pipeline = new Recording("pipeline", Server.RUNS);
    AtomicReference<Capabilities> capabilities = new AtomicReference<>(Capabilities.assumed(scripts));
    List<String> scans = new ArrayList<>();
    FallbackInspector inspector = new FallbackInspector(script, pipeline, (db, cursor, count) -> {
      scans.add(cursor);
      return new ScanPage("0", PAGE);
    }, capabilities);
    for (int step = 0; step < 3; step++) {
      ScanInspection result = inspector.scanAndInspect(0, "0", 10, OPTIONS);
      assertThat(result.finished()).isTrue();
    }
    assertThat(script.calls).isEqualTo(scriptCalls);
    assertThat(pipeline.calls).isEqualTo(pipelineCalls);
    assertThat(capabilities.get().scripts()).isEqualTo(scriptsAfter);
    assertThat(capabilities.get().scanInScript()).isEqualTo(scanInScriptAfter);
    // SCAN on its own for every step the script did not scan itself
    assertThat(scans).hasSize(server == Server.RUNS && scripts ? 0 : 3);
  }

  /**
   * A SCAN of its own (pipelined) is timed by Redis: its time is the step's longest command and part of what the
   * step cost, and once its cost per key is known the next SCAN asks only for what fits the call budget (at least 8).
   */
  @org.junit.jupiter.api.Test
  void aScanOfItsOwnIsTimedAndSizedToTheBudget() throws Exception {
    Recording script = new Recording("script", Server.RUNS);
    Recording pipeline = new Recording("pipeline", Server.RUNS) {
      @Override
      public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) {
        calls.add("inspect");
        return new Inspection(List.of(), keys.size(), 200_000, List.of(), -1, 3);
      }
    };
    List<Integer> counts = new ArrayList<>();
    List<byte[]> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(("k" + i).getBytes(StandardCharsets.UTF_8));
    }
    FallbackInspector inspector = new FallbackInspector(script, pipeline, (db, cursor, count) -> {
      counts.add(count);
      return new ScanPage("7", ten, 0, 1_000_000L * ten.size()); // 1 ms a key: memory left cold
    }, new AtomicReference<>(Capabilities.assumed(false)));
    InspectOptions bounded = new InspectOptions(5, 512, 700, 8192); // the budget at the default 1 ms bound
    ScanInspection first = inspector.scanAndInspect(0, "0", 250, bounded);
    assertThat(first.inspection().serverNanos()).isEqualTo(10_200_000);
    assertThat(first.inspection().longestCallNanos()).isEqualTo(10_000_000);
    inspector.scanAndInspect(0, "7", 250, bounded);
    inspector.scanAndInspect(0, "7", 250, OPTIONS); // no budget: what the sampler asks
    assertThat(counts).containsExactly(250, 8, 250);
    // an untimed SCAN (TIME refused) leaves the step untimed: its round trip is counted
    FallbackInspector untimed = new FallbackInspector(script, pipeline, (db, cursor, count) -> new ScanPage("0", ten),
        new AtomicReference<>(Capabilities.assumed(false)));
    assertThat(untimed.scanAndInspect(0, "0", 250, bounded).inspection().serverNanos()).isEqualTo(-1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passing")
  void aPassingFailureSwitchesNothing(Server server) throws Exception {
    Recording script = new Recording("script", server);
    Recording pipeline = new Recording("pipeline", Server.RUNS);
    AtomicReference<Capabilities> capabilities = new AtomicReference<>(Capabilities.assumed(true));
    FallbackInspector inspector = new FallbackInspector(script, pipeline, (db, c, n) -> new ScanPage("0", PAGE),
        capabilities);
    assertThatThrownBy(() -> inspector.scanAndInspect(0, "0", 10, OPTIONS)).isInstanceOf(SamplingException.class)
        .hasMessageStartingWith("BUSY");
    assertThat(capabilities.get()).isEqualTo(Capabilities.assumed(true));
    inspector.scanAndInspect(0, "0", 10, OPTIONS); // tried the script again
    assertThat(script.calls).containsExactly("scan+inspect", "scan+inspect");
    assertThat(pipeline.calls).isEmpty();
  }

  /**
   * A script call naming a key outside the user's key pattern is refused whole: that batch alone is inspected by the
   * pipeline (which refuses the key on its own), the next batch by the script again, nothing remembered.
   */
  @org.junit.jupiter.api.Test
  void aBatchRefusedForItsKeysAloneGoesThePipelineWay() throws Exception {
    List<String> scriptCalls = new ArrayList<>();
    Inspector script = new Recording("script", Server.RUNS) {
      @Override
      public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws InspectionRefused {
        scriptCalls.add(new String(keys.get(0), StandardCharsets.UTF_8));
        if (keys.stream().anyMatch(k -> new String(k, StandardCharsets.UTF_8).startsWith("priv:"))) {
          throw new KeysRefused("NOPERM this user has no permissions to access one of the keys used as arguments",
              null);
        }
        return new Inspection(List.of(), 0);
      }
    };
    Recording pipeline = new Recording("pipeline", Server.RUNS);
    AtomicReference<Capabilities> capabilities = new AtomicReference<>(Capabilities.assumed(true));
    FallbackInspector inspector = new FallbackInspector(script, pipeline, (db, c, n) -> new ScanPage("0", PAGE),
        capabilities);
    for (String first : List.of("app:1", "priv:1", "app:2")) {
      inspector.inspect(0, List.of(first.getBytes(StandardCharsets.UTF_8)), OPTIONS);
    }
    assertThat(scriptCalls).containsExactly("app:1", "priv:1", "app:2");
    assertThat(pipeline.calls).containsExactly("inspect");
    assertThat(capabilities.get()).isEqualTo(Capabilities.assumed(true));
  }

  /**
   * A script call declaring keys that a cluster node redirects (MOVED, ASK: they moved to another shard) is
   * answered by the pipeline for that batch alone, which counts them as vanished; nothing is switched.
   */
  @org.junit.jupiter.api.Test
  void aRedirectedBatchAloneGoesThePipelineWay() throws Exception {
    List<String> scriptCalls = new ArrayList<>();
    Inspector script = new Recording("script", Server.RUNS) {
      @Override
      public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws InspectionRefused {
        String first = new String(keys.get(0), StandardCharsets.UTF_8);
        scriptCalls.add(first);
        if (first.startsWith("moved:")) {
          throw new KeysRedirected("MOVED 3999 127.0.0.1:7001", null);
        }
        return new Inspection(List.of(), 0);
      }
    };
    Recording pipeline = new Recording("pipeline", Server.RUNS);
    AtomicReference<Capabilities> capabilities = new AtomicReference<>(Capabilities.assumed(true));
    FallbackInspector inspector = new FallbackInspector(script, pipeline, (db, c, n) -> new ScanPage("0", PAGE),
        capabilities);
    for (String first : List.of("app:1", "moved:1", "app:2")) {
      Inspection inspection = inspector.inspect(0, List.of(first.getBytes(StandardCharsets.UTF_8)), OPTIONS);
      assertThat(inspection.vanished()).isEqualTo(first.startsWith("moved:") ? 1 : 0);
    }
    assertThat(scriptCalls).containsExactly("app:1", "moved:1", "app:2");
    assertThat(pipeline.calls).containsExactly("inspect");
    assertThat(capabilities.get()).isEqualTo(Capabilities.assumed(true));
  }

  /** Where SCAN runs on its own, the keys of slots not owned that it left out count among the step's scanned. */
  @org.junit.jupiter.api.Test
  void keysLeftOutOfAScanPageAreScannedNotInspected() throws Exception {
    Recording pipeline = new Recording("pipeline", Server.RUNS);
    FallbackInspector inspector = new FallbackInspector(new Recording("script", Server.RUNS), pipeline,
        (db, c, n) -> new ScanPage("0", PAGE, 3), new AtomicReference<>(Capabilities.assumed(false)));
    ScanInspection step = inspector.scanAndInspect(0, "0", 10, OPTIONS);
    assertThat(step.scanned()).isEqualTo(5);
    assertThat(step.notOwned()).isEqualTo(3);
    assertThat(step.inspection().vanished()).isEqualTo(2); // the recording pipeline's answer for the two kept
  }

  /**
   * Sent ahead, a script call that stopped at its budget left keys: they are inspected by calls of their own, the
   * way any keys are (a call naming a forbidden one goes the pipeline way), and the step comes back whole.
   */
  @org.junit.jupiter.api.Test
  void keysAScriptCallSentAheadLeftAreInspectedByCallsOfTheirOwn() throws Exception {
    List<String> given = new ArrayList<>();
    Inspector script = new Recording("script", Server.RUNS) {
      @Override
      public ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options) {
        // 2 keys inspected (one vanished), 2 left: one readable, one outside the key pattern
        return new ScanInspection("7", 2, new Inspection(List.of(), 1, 500_000, List.of(), 500_000, 1), 0,
            List.of(bytes("app:3"), bytes("priv:4")));
      }

      @Override
      public Pending<ScanInspection> sendAhead(int db, String cursor, int count, InspectOptions options,
          Pending<ScanInspection> instead) {
        return () -> scanAndInspect(db, cursor, count, options);
      }

      @Override
      public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) throws InspectionRefused {
        keys.forEach(k -> given.add(new String(k, StandardCharsets.UTF_8)));
        if (keys.stream().anyMatch(k -> new String(k, StandardCharsets.UTF_8).startsWith("priv:"))) {
          throw new KeysRefused("NOPERM this user has no permissions to access one of the keys", null);
        }
        return new Inspection(List.of(), 0, 300_000, List.of(), 300_000, 1);
      }
    };
    Recording pipeline = new Recording("pipeline", Server.RUNS);
    AtomicReference<Capabilities> capabilities = new AtomicReference<>(Capabilities.assumed(true));
    FallbackInspector inspector = new FallbackInspector(script, pipeline, (db, c, n) -> new ScanPage("0", PAGE),
        capabilities);
    ScanInspection step = inspector.sendAhead(0, "0", 10, OPTIONS, () -> null).await();
    assertThat(step.cursor()).isEqualTo("7");
    assertThat(step.scanned()).isEqualTo(4);
    assertThat(step.left()).isEmpty();
    // one vanished in the call, and two by the recording pipeline's answer for the keys refused together
    assertThat(step.inspection().vanished()).isEqualTo(3);
    assertThat(given).containsExactly("app:3", "priv:4");
    assertThat(pipeline.calls).containsExactly("inspect");
    assertThat(capabilities.get()).isEqualTo(Capabilities.assumed(true));
  }

  /**
   * Stepping (not sent ahead), the keys a call left go first into the next step's call, whose SCAN asks for as many
   * fewer; the walk's last step inspects what its call left by a call of its own. Every key is counted once, in the
   * step whose call inspected it; a passing failure keeps the keys carried for the step's retry.
   */
  @org.junit.jupiter.api.Test
  void keysAStepsCallLeftGoFirstIntoTheNextStepsCall() throws Exception {
    List<String> sent = new ArrayList<>();
    List<String> inspected = new ArrayList<>();
    Inspector script = new Recording("script", Server.RUNS) {
      private boolean failedOnce;

      @Override
      public ScanInspection scanAndInspect(int db, String cursor, int count, List<byte[]> carried,
          InspectOptions options) throws SamplingException {
        sent.add(cursor + " count " + count + " carried " + names(carried));
        if (cursor.equals("7") && !failedOnce) {
          failedOnce = true;
          throw new SamplingException(Reason.ERROR, "BUSY Redis is busy running a script", null);
        }
        return switch (cursor) {
          // SCAN gave a:1, a:2, a:3, a:4: two inspected, two left
          case "0" -> new ScanInspection("7", 2, new Inspection(List.of(), 0), 0, List.of(bytes("a:3"), bytes("a:4")));
          // a:3 and a:4 carried, then SCAN's b:1 and b:2: three inspected, b:2 left as the walk ends
          case "7" -> new ScanInspection("0", 3, new Inspection(List.of(), 0), 0, List.of(bytes("b:2")));
          default -> throw new IllegalStateException(cursor);
        };
      }

      @Override
      public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) {
        inspected.add(names(keys));
        return new Inspection(List.of(), 0);
      }
    };
    FallbackInspector inspector = new FallbackInspector(script, new Recording("pipeline", Server.RUNS),
        (db, c, n) -> new ScanPage("0", PAGE), new AtomicReference<>(Capabilities.assumed(true)));
    ScanInspection first = inspector.scanAndInspect(0, "0", 10, OPTIONS);
    assertThat(first.scanned()).isEqualTo(2);
    assertThat(first.left()).isEmpty();
    assertThatThrownBy(() -> inspector.scanAndInspect(0, "7", 10, OPTIONS)).isInstanceOf(SamplingException.class);
    ScanInspection last = inspector.scanAndInspect(0, "7", 10, OPTIONS);
    assertThat(last.finished()).isTrue();
    assertThat(last.scanned()).isEqualTo(4);
    assertThat(first.scanned() + last.scanned()).as("every key SCAN gave, once").isEqualTo(6);
    assertThat(sent).containsExactly("0 count 10 carried []", "7 count 8 carried [a:3, a:4]",
        "7 count 8 carried [a:3, a:4]");
    assertThat(inspected).containsExactly("[b:2]");
    // a new walk carries nothing from the last
    inspector.scanAndInspect(0, "0", 10, OPTIONS);
    assertThat(sent.get(3)).isEqualTo("0 count 10 carried []");
  }

  /** Keys carried when a step is then sent ahead (the first step of a pass ran in full) are owed to that step. */
  @org.junit.jupiter.api.Test
  void keysCarriedWhenAStepIsSentAheadAreInspectedWithIt() throws Exception {
    List<String> inspected = new ArrayList<>();
    Inspector script = new Recording("script", Server.RUNS) {
      @Override
      public ScanInspection scanAndInspect(int db, String cursor, int count, InspectOptions options) {
        return cursor.equals("0")
            ? new ScanInspection("7", 2, new Inspection(List.of(), 0), 0, List.of(bytes("a:3")))
            : new ScanInspection("0", 2, new Inspection(List.of(), 0));
      }

      @Override
      public Pending<ScanInspection> sendAhead(int db, String cursor, int count, InspectOptions options,
          Pending<ScanInspection> instead) {
        return () -> scanAndInspect(db, cursor, count, options);
      }

      @Override
      public Inspection inspect(int db, List<byte[]> keys, InspectOptions options) {
        inspected.add(names(keys));
        return new Inspection(List.of(), 1);
      }
    };
    FallbackInspector inspector = new FallbackInspector(script, new Recording("pipeline", Server.RUNS),
        (db, c, n) -> new ScanPage("0", PAGE), new AtomicReference<>(Capabilities.assumed(true)));
    assertThat(inspector.scanAndInspect(0, "0", 10, OPTIONS).scanned()).isEqualTo(2);
    ScanInspection next = inspector.sendAhead(0, "7", 10, OPTIONS, () -> null).await();
    assertThat(next.scanned()).isEqualTo(3);
    assertThat(next.inspection().vanished()).isEqualTo(1);
    assertThat(inspected).containsExactly("[a:3]");
  }

  private static String names(List<byte[]> keys) {
    return keys.stream().map(k -> new String(k, StandardCharsets.UTF_8)).toList().toString();
  }

  @org.junit.jupiter.api.Test
  void inspectionsOfSeveralCallsAddUp() {
    Inspection first = new Inspection(List.of(), 1, 600_000, List.of(bytes("p:1")), 600_000, 1);
    Inspection second = new Inspection(List.of(), 2, 400_000, List.of(), 400_000, 1);
    Inspection both = first.and(second);
    assertThat(both.vanished()).isEqualTo(3);
    assertThat(both.serverNanos()).isEqualTo(1_000_000);
    assertThat(both.longestCallNanos()).isEqualTo(600_000);
    assertThat(both.forbidden()).hasSize(1);
    assertThat(both.calls()).isEqualTo(2);
    // a part not timed by Redis (pipelined) leaves the whole untimed
    assertThat(first.and(new Inspection(List.of(), 0)).serverNanos()).isEqualTo(-1);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Stream<Server> passing() {
    return Stream.of(Server.BUSY_ONCE);
  }
}

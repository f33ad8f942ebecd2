package io.github.redismem.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this server lets the sampler do, learned as it goes: one immutable value, replaced whole when a refusal
 * teaches something new, so that a reader never sees half an update.
 *
 * @param scripts the inspection script runs (off from the start when {@code sampling.luaScripts} is false)
 * @param scanInScript SCAN runs inside the script (some proxies and managed services refuse it yet run the rest)
 * @param objectEncoding OBJECT ENCODING answers (else encodings are inferred from type, length and thresholds, and
 *     keys are inspected with pipelined commands: the script needs OBJECT)
 * @param configGet CONFIG GET answers (else thresholds come from the configuration or the version's defaults)
 * @param infoCpu INFO gives its cpu section (a proxy may filter it; the throttle then keeps its own estimate)
 * @param readOnlyScripts EVALSHA_RO is known (7.0+): the script then runs on read-only replicas
 * @param memoryUsage MEMORY USAGE answers (else sizes are estimated from type, encoding and length)
 * @param scan SCAN answers (else the sampler cannot walk the keyspace and is off)
 * @param scriptsRefused the server refused the script (as opposed to {@code sampling.luaScripts} false)
 */
record Capabilities(boolean scripts, boolean scanInScript, boolean objectEncoding, boolean configGet,
    boolean infoCpu, boolean readOnlyScripts, boolean memoryUsage, boolean scan, boolean scriptsRefused) {

  /** Everything allowed until refused; scripts as configured; EVALSHA until the version is known. */
  static Capabilities assumed(boolean scripts) {
    return new Capabilities(scripts, true, true, true, true, false, true, true, false);
  }

  /** Whether keys are inspected by the script: it is allowed and OBJECT ENCODING, its first call, answers. */
  boolean inspectsByScript() {
    return scripts && objectEncoding;
  }

  /** Whether one script call both scans and inspects. */
  boolean scriptScans() {
    return inspectsByScript() && scanInScript;
  }

  Capabilities withoutScripts() {
    return new Capabilities(false, scanInScript, objectEncoding, configGet, infoCpu, readOnlyScripts, memoryUsage,
        scan, true);
  }

  /** No script, by the exporter's choice (as sampling.luaScripts false): nothing was refused. */
  Capabilities withoutScriptsByChoice() {
    return new Capabilities(false, scanInScript, objectEncoding, configGet, infoCpu, readOnlyScripts, memoryUsage,
        scan, scriptsRefused);
  }

  Capabilities withoutScanInScript() {
    return new Capabilities(scripts, false, objectEncoding, configGet, infoCpu, readOnlyScripts, memoryUsage, scan,
        scriptsRefused);
  }

  Capabilities withoutObjectEncoding() {
    return new Capabilities(scripts, scanInScript, false, configGet, infoCpu, readOnlyScripts, memoryUsage, scan,
        scriptsRefused);
  }

  Capabilities withoutConfigGet() {
    return new Capabilities(scripts, scanInScript, objectEncoding, false, infoCpu, readOnlyScripts, memoryUsage,
        scan, scriptsRefused);
  }

  Capabilities withoutInfoCpu() {
    return new Capabilities(scripts, scanInScript, objectEncoding, configGet, false, readOnlyScripts, memoryUsage,
        scan, scriptsRefused);
  }

  Capabilities withReadOnlyScripts(boolean known) {
    return new Capabilities(scripts, scanInScript, objectEncoding, configGet, infoCpu, known, memoryUsage, scan,
        scriptsRefused);
  }

  Capabilities withoutMemoryUsage() {
    return new Capabilities(scripts, scanInScript, objectEncoding, configGet, infoCpu, readOnlyScripts, false, scan,
        scriptsRefused);
  }

  Capabilities withScan(boolean allowed) {
    return new Capabilities(scripts, scanInScript, objectEncoding, configGet, infoCpu, readOnlyScripts, memoryUsage,
        allowed, scriptsRefused);
  }

  /** The sampler's commands by label, for {@code redismem_capability}; eval is 0 only where the server refused. */
  Map<String, Boolean> byCommand() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    out.put("scan", scan);
    out.put("object", objectEncoding);
    out.put("memory_usage", memoryUsage);
    out.put("eval", !scriptsRefused);
    out.put("config_get", configGet);
    return out;
  }

  /** What the refusals cost the results, one sentence each. */
  List<String> limits() {
    List<String> out = new ArrayList<>();
    if (!scan) {
      out.add("sampler off (SCAN not permitted)");
    }
    if (!memoryUsage) {
      out.add("sizes estimated (MEMORY USAGE not permitted)");
    }
    if (!objectEncoding) {
      out.add("encodings inferred (OBJECT not permitted)");
    }
    if (scriptsRefused) {
      out.add("keys inspected with pipelined commands (scripts not permitted)");
    }
    if (!configGet) {
      out.add("thresholds from the configuration (CONFIG GET not permitted)");
    }
    return out;
  }
}

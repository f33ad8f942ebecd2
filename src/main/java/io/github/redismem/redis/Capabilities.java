package io.github.redismem.redis;

/**
 * What this server lets the sampler do, learned as it goes: one immutable value, replaced whole when a refusal
 * teaches something new, so that a reader never sees half an update.
 *
 * @param scripts the inspection script runs (off from the start when {@code sampling.luaScripts} is false)
 * @param scanInScript SCAN runs inside the script (some proxies and managed services refuse it yet run the rest)
 * @param objectEncoding OBJECT ENCODING answers (else encodings are reported as unknown)
 * @param configGet CONFIG GET answers (else thresholds come from the configuration or the version's defaults)
 * @param infoCpu INFO gives its cpu section (a proxy may filter it; the throttle then keeps its own estimate)
 * @param readOnlyScripts EVALSHA_RO is known (7.0+): the script then runs on read-only replicas
 */
record Capabilities(boolean scripts, boolean scanInScript, boolean objectEncoding, boolean configGet,
    boolean infoCpu, boolean readOnlyScripts) {

  /** Everything allowed until refused; scripts as configured; EVALSHA until the version is known. */
  static Capabilities assumed(boolean scripts) {
    return new Capabilities(scripts, true, true, true, true, false);
  }

  /** Whether one script call both scans and inspects. */
  boolean scriptScans() {
    return scripts && scanInScript;
  }

  Capabilities withoutScripts() {
    return new Capabilities(false, scanInScript, objectEncoding, configGet, infoCpu, readOnlyScripts);
  }

  Capabilities withoutScanInScript() {
    return new Capabilities(scripts, false, objectEncoding, configGet, infoCpu, readOnlyScripts);
  }

  Capabilities withoutObjectEncoding() {
    return new Capabilities(scripts, scanInScript, false, configGet, infoCpu, readOnlyScripts);
  }

  Capabilities withoutConfigGet() {
    return new Capabilities(scripts, scanInScript, objectEncoding, false, infoCpu, readOnlyScripts);
  }

  Capabilities withoutInfoCpu() {
    return new Capabilities(scripts, scanInScript, objectEncoding, configGet, false, readOnlyScripts);
  }

  Capabilities withReadOnlyScripts(boolean known) {
    return new Capabilities(scripts, scanInScript, objectEncoding, configGet, infoCpu, known);
  }
}

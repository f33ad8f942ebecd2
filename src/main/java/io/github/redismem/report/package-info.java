/**
 * The memory report: one immutable {@link io.github.redismem.report.Report} built from the latest memory state and
 * the sampler's last pass, and its renderings (JSON here; the HTML page lives in {@code http}). Pure: no I/O.
 */
package io.github.redismem.report;

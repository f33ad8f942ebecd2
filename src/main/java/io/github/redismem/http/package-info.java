/**
 * The Undertow routes: {@code /metrics} through client_java's scrape handler, health, readiness, the report page at
 * {@code /} (HTML with inline SVG charts) and {@code /report.json}.
 */
package io.github.redismem.http;

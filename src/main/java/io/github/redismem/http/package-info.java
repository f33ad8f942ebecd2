/** The Undertow routes: {@code /metrics} through client_java's scrape handler, health, readiness and {@code /}. */
package io.github.redismem.http;

/** The metric catalogue (names, help, labels, sources) and the collectors that turn read results into snapshots. */
package io.github.redismem.metrics;

/**
 * redis-memory-exporter: where Redis memory goes, for Prometheus. The code lives in the sub-packages, layered
 * config -> redis -> analysis -> report | metrics -> http, with the commands in {@code cli} on top.
 */
package io.github.redismem;

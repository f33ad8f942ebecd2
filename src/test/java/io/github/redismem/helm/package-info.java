/**
 * Proof of the Helm chart in {@code helm/redis-memory-exporter} and the sidecar examples in {@code helm/examples}:
 * Helm's own lint, template and package, the Kubernetes and prometheus-operator models, Pod Security "restricted",
 * and the rendered containers run for real against Redis.
 */
package io.github.redismem.helm;

/** Immutable settings and their loading from YAML, environment variables and flags, with path-aware validation. */
package io.github.redismem.config;

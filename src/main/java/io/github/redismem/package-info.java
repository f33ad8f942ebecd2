/** The entry point: the only package that wires config, redis, metrics and http together. */
package io.github.redismem;

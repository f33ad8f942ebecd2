/**
 * The commands on top of every layer: {@link io.github.redismem.cli.Main} parses the command line and runs the
 * daemon ({@link io.github.redismem.cli.Exporter}) or {@code analyze} ({@link io.github.redismem.cli.AnalyzeCommand});
 * the only package that wires config, redis, analysis, report, metrics and http together.
 */
package io.github.redismem.cli;

package io.github.redismem.analysis;

/**
 * One inspected key as the strata sum it: its bytes, whether it is at or over the big-key threshold (counted once),
 * and whether its encoding has no size limit.
 */
record KeySample(long bytes, boolean big, boolean open) {}

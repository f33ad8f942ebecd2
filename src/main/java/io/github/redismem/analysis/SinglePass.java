package io.github.redismem.analysis;

/**
 * The outcome of {@link KeySampler#runOnce} and of each {@link SamplePass}: the aggregated pass and whether it was stopped before SCAN had
 * walked every database, in which case its figures cover only the keys seen so far.
 */
public record SinglePass(PassResult result, boolean partial) {}

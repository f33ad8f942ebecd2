package io.github.redismem.config;

/**
 * Encoding thresholds to assume when CONFIG GET is unavailable (managed services); -1 means "the server
 * version's default".
 */
public record ThresholdSettings(long hashMaxListpackEntries, long hashMaxListpackValue, long zsetMaxListpackEntries,
    long zsetMaxListpackValue, long setMaxIntsetEntries, long setMaxListpackEntries, long setMaxListpackValue) {}

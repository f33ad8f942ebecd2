package io.github.redismem.config;

/**
 * Encoding thresholds to assume when CONFIG GET is unavailable (managed services); -1 means "the server
 * version's default".
 */
public record ThresholdSettings(long hashMaxListpackEntries, long hashMaxListpackValue, long zsetMaxListpackEntries,
    long zsetMaxListpackValue, long setMaxIntsetEntries, long setMaxListpackEntries, long setMaxListpackValue) {
  public ThresholdSettings withHashMaxListpackEntries(long value) {
    return new ThresholdSettings(value, hashMaxListpackValue, zsetMaxListpackEntries, zsetMaxListpackValue,
        setMaxIntsetEntries, setMaxListpackEntries, setMaxListpackValue);
  }

  public ThresholdSettings withHashMaxListpackValue(long value) {
    return new ThresholdSettings(hashMaxListpackEntries, value, zsetMaxListpackEntries, zsetMaxListpackValue,
        setMaxIntsetEntries, setMaxListpackEntries, setMaxListpackValue);
  }

  public ThresholdSettings withZsetMaxListpackEntries(long value) {
    return new ThresholdSettings(hashMaxListpackEntries, hashMaxListpackValue, value, zsetMaxListpackValue,
        setMaxIntsetEntries, setMaxListpackEntries, setMaxListpackValue);
  }

  public ThresholdSettings withZsetMaxListpackValue(long value) {
    return new ThresholdSettings(hashMaxListpackEntries, hashMaxListpackValue, zsetMaxListpackEntries, value,
        setMaxIntsetEntries, setMaxListpackEntries, setMaxListpackValue);
  }

  public ThresholdSettings withSetMaxIntsetEntries(long value) {
    return new ThresholdSettings(hashMaxListpackEntries, hashMaxListpackValue, zsetMaxListpackEntries,
        zsetMaxListpackValue, value, setMaxListpackEntries, setMaxListpackValue);
  }

  public ThresholdSettings withSetMaxListpackEntries(long value) {
    return new ThresholdSettings(hashMaxListpackEntries, hashMaxListpackValue, zsetMaxListpackEntries,
        zsetMaxListpackValue, setMaxIntsetEntries, value, setMaxListpackValue);
  }

  public ThresholdSettings withSetMaxListpackValue(long value) {
    return new ThresholdSettings(hashMaxListpackEntries, hashMaxListpackValue, zsetMaxListpackEntries,
        zsetMaxListpackValue, setMaxIntsetEntries, setMaxListpackEntries, value);
  }
}

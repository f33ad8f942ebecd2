package io.github.redismem.redis;

/** A sampler batch that failed; {@link #reason()} is a fixed label for redismem_scan_errors_total. */
public final class SamplingException extends Exception {
  /** Why a batch failed, as a bounded label set. */
  public enum Reason {
    TIMEOUT("timeout"), CONNECTION("connection"), REFUSED("refused"), LOADING("loading"), ERROR("error");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Reason reason;

  public SamplingException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

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
  private final int refusedDatabase;
  private boolean samplerRefused;

  public SamplingException(Reason reason, String message, Throwable cause) {
    this(reason, message, cause, -1);
  }

  private SamplingException(Reason reason, String message, Throwable cause, int refusedDatabase) {
    super(message, cause);
    this.reason = reason;
    this.refusedDatabase = refusedDatabase;
  }

  /** SELECT of {@code db} refused for good (ACL, or a proxy with one database): that database cannot be read. */
  public static SamplingException databaseRefused(int db, String message, Throwable cause) {
    return new SamplingException(Reason.REFUSED, message, cause, db);
  }

  /** A command the sampler cannot do without (SCAN) refused for good: no pass can run. */
  public static SamplingException samplerRefused(String message, Throwable cause) {
    SamplingException e = new SamplingException(Reason.REFUSED, message, cause, -1);
    e.samplerRefused = true;
    return e;
  }

  /** Whether no pass can run: a command the sampler cannot do without is refused. */
  public boolean samplerRefused() {
    return samplerRefused;
  }

  /** The database whose SELECT was refused, or -1 when the failure is not that. */
  public int refusedDatabase() {
    return refusedDatabase;
  }

  public Reason reason() {
    return reason;
  }

  /** The reason of an error reply: refused for good ({@link CommandFailure#permanent()}), loading, or an error. */
  static Reason reasonOf(String redisErrorMessage) {
    if (CommandFailure.classify(redisErrorMessage).permanent()) {
      return Reason.REFUSED;
    }
    return redisErrorMessage != null && redisErrorMessage.startsWith("LOADING") ? Reason.LOADING : Reason.ERROR;
  }

  /**
   * Whether the same call may succeed later: a timeout, a lost connection, a server loading its data or busy
   * with a script. Anything else that a script call meets says the server will not run the script as sent.
   */
  boolean passing() {
    return reason == Reason.TIMEOUT || reason == Reason.CONNECTION || reason == Reason.LOADING
        || String.valueOf(getMessage()).startsWith("BUSY");
  }

  /**
   * The user may run the command but not on its keys: an ACL key pattern narrower than {@code ~*}. Redis 6.2 and 7.0
   * say "NOPERM this user has no permissions to access one of the keys used as arguments", 7.2 on "NOPERM No
   * permissions to access a key"; inside a script "... can't access at least one of the keys ...".
   */
  boolean keysRefused() {
    return refusesKeys(getMessage());
  }

  static boolean refusesKeys(String redisErrorMessage) {
    String m = String.valueOf(redisErrorMessage);
    return (m.contains("NOPERM") || m.contains("The user executing the script"))
        && (m.contains("one of the keys") || m.contains("access a key"));
  }

  /**
   * A cluster node redirects the command ({@code MOVED slot host:port}, {@code ASK slot host:port}): its key's
   * slot is served by another node now, or is being migrated and the key is already there. Not a failure: the key
   * left this shard, and the shard that owns it counts it.
   */
  boolean redirected() {
    String m = String.valueOf(getMessage());
    return m.startsWith("MOVED ") || m.startsWith("ASK ");
  }

  /** The server does not have the script (restarted, or its cache flushed): load it again. */
  boolean noScript() {
    return String.valueOf(getMessage()).startsWith("NOSCRIPT");
  }
}

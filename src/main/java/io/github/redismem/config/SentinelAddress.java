package io.github.redismem.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Redis found through Sentinel: {@code redis-sentinel://[user[:password]@]host:port[,host:port...]/mastername},
 * or {@code rediss-sentinel://} (Lettuce's spelling) where the sentinels and the data nodes are all reached over
 * TLS. The sentinels are asked for the current primary of {@code master} at every connection, so a failover is
 * followed; credentials in the URL are the data nodes' (as for redis.password), not the sentinels' (those are
 * redis.sentinelPassword's).
 *
 * @param sentinels the sentinels' host:port, in the given order (port 26379 where none is given)
 * @param master the monitored primary's name, as in {@code sentinel monitor NAME}
 * @param tls whether the scheme is {@code rediss-sentinel://}
 */
public record SentinelAddress(List<String> sentinels, String master, boolean tls) {
  public static final String SCHEME = "redis-sentinel://";
  public static final String SECURE_SCHEME = "rediss-sentinel://";
  private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9a-fA-F:.]+]|[^:\\[\\]/@,]+)(?::(\\d{1,5}))?$");

  public SentinelAddress {
    sentinels = List.copyOf(sentinels);
  }

  /** Whether {@code addr} names a Sentinel setup rather than one server. */
  public static boolean isSentinel(String addr) {
    return addr.regionMatches(true, 0, SCHEME, 0, SCHEME.length()) || isSecure(addr);
  }

  /** Whether {@code addr} names a Sentinel setup reached over TLS. */
  public static boolean isSecure(String addr) {
    return addr.regionMatches(true, 0, SECURE_SCHEME, 0, SECURE_SCHEME.length());
  }

  /** The text after the scheme: {@code [userinfo@]hosts/master}. */
  public static String afterScheme(String addr) {
    String t = addr.strip();
    return t.substring(isSecure(t) ? SECURE_SCHEME.length() : SCHEME.length());
  }

  /** Reads the address; the message of the exception says what is wrong (never the password). */
  public static SentinelAddress parse(String addr) throws ValueKind.Invalid {
    String rest = afterScheme(addr);
    int at = rest.lastIndexOf('@');
    String hostsAndPath = at < 0 ? rest : rest.substring(at + 1);
    int slash = hostsAndPath.indexOf('/');
    if (slash < 0 || slash == hostsAndPath.length() - 1) {
      throw invalid(addr, "no master name: end it with /NAME as in sentinel monitor NAME");
    }
    String master = hostsAndPath.substring(slash + 1);
    if (master.contains("/") || master.chars().anyMatch(Character::isWhitespace)) {
      throw invalid(addr, "the master name may hold no / or space");
    }
    List<String> sentinels = new ArrayList<>();
    for (String hostPort : hostsAndPath.substring(0, slash).split(",", -1)) {
      Matcher m = HOST_PORT.matcher(hostPort.strip());
      if (!m.matches()) {
        throw invalid(addr, "each sentinel must be host:port, got \"" + hostPort + "\"");
      }
      int port = m.group(2) == null ? 26379 : Integer.parseInt(m.group(2));
      if (port < 1 || port > 65535) {
        throw invalid(addr, "port must be 1..65535");
      }
      sentinels.add(m.group(1).toLowerCase(Locale.ROOT) + ":" + port);
    }
    return new SentinelAddress(sentinels, master, isSecure(addr));
  }

  /** The host of {@code hostPort} (brackets of an IPv6 address removed). */
  public static String host(String hostPort) {
    String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  public static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  /** The address without credentials, one spelling: {@code redis-sentinel://a:26379,b:26379/mymaster}. */
  public String canonical() {
    return (tls ? SECURE_SCHEME : SCHEME) + String.join(",", sentinels) + "/" + master;
  }

  private static ValueKind.Invalid invalid(String addr, String problem) {
    return new ValueKind.Invalid("expected redis-sentinel://host:port[,host:port...]/mastername (or "
        + "rediss-sentinel:// for TLS), got "
        + Scalars.quoted(RedisUriText.redact(addr)) + " (" + problem + ")");
  }
}

package io.github.redismem.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a web config file and accepts exactly what {@code promtool check web-config} (exporter-toolkit) accepts:
 * unknown keys, unknown TLS versions, ciphers, curves and client auth types, headers other than the five security
 * headers, malformed bcrypt hashes, a certificate and key that do not load or match, and a client CA without a
 * client auth type are all errors naming their YAML path. WebConfigFileTest holds the table, checked against promtool.
 */
public final class WebConfigFile {
  private static final Set<String> TOP = Set.of("tls_server_config", "http_server_config", "basic_auth_users");
  private static final Set<String> TLS = Set.of("cert_file", "key_file", "client_auth_type", "client_ca_file",
      "min_version", "max_version", "cipher_suites", "prefer_server_cipher_suites", "curve_preferences");
  private static final Set<String> HTTP = Set.of("http2", "headers");
  private static final Set<String> VERSIONS = Set.of("TLS10", "TLS11", "TLS12", "TLS13");
  private static final Set<String> CURVES = Set.of("CurveP256", "CurveP384", "CurveP521", "X25519");
  /** Go's tls.CipherSuites(): the suites it does not call insecure, the only names the toolkit accepts. */
  public static final Set<String> CIPHER_SUITES = Set.of("TLS_RSA_WITH_AES_128_CBC_SHA",
      "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
  /** Header name to its allowed values (empty: any value), as exporter-toolkit's extraHTTPHeaders. */
  private static final Map<String, List<String>> HEADERS = Map.of("Strict-Transport-Security", List.of(),
      "X-Content-Type-Options", List.of("nosniff"), "X-Frame-Options", List.of("deny", "sameorigin"),
      "X-XSS-Protection", List.of(), "Content-Security-Policy", List.of());
  /** What Go's bcrypt.Cost accepts: $2, an optional minor letter, $, a two-digit cost, at least 59 characters. */
  private static final Pattern BCRYPT = Pattern.compile("\\$2.?\\$(\\d\\d)\\$.*", Pattern.DOTALL);

  private WebConfigFile() {}

  /** Reads {@code file}; every problem is a {@link ConfigException} whose path starts with the flag. */
  public static WebConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("web.config.file", "cannot read " + file + ": " + FileProblem.reason(file, e));
    }
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      throw new ConfigException("web.config.file", file + " is not YAML: " + e.getMessage());
    }
    if (root == null) {
      return WebConfig.NONE;
    }
    Path dir = file.toAbsolutePath().getParent();
    Map<String, Object> top = map(root, "");
    keys(top, TOP, "");
    Map<String, String> users = users(top.get("basic_auth_users"));
    Map<String, Object> http = top.get("http_server_config") == null ? Map.of()
        : map(top.get("http_server_config"), "http_server_config");
    keys(http, HTTP, "http_server_config.");
    boolean http2 = http.get("http2") == null || bool(http.get("http2"), "http_server_config.http2");
    Map<String, String> headers = headers(http.get("headers"));
    Optional<WebConfig.Tls> tls = top.get("tls_server_config") == null ? Optional.empty()
        : tls(map(top.get("tls_server_config"), "tls_server_config"), dir);
    return new WebConfig(tls, http2, headers, users);
  }

  private static Optional<WebConfig.Tls> tls(Map<String, Object> m, Path dir) throws ConfigException {
    String p = "tls_server_config.";
    keys(m, TLS, p);
    String cert = string(m.get("cert_file"), p + "cert_file");
    String key = string(m.get("key_file"), p + "key_file");
    String auth = string(m.get("client_auth_type"), p + "client_auth_type");
    String ca = string(m.get("client_ca_file"), p + "client_ca_file");
    String min = version(m.get("min_version"), p + "min_version", "TLS12");
    String max = version(m.get("max_version"), p + "max_version", "TLS13");
    List<String> ciphers = names(m.get("cipher_suites"), p + "cipher_suites", CIPHER_SUITES, "cipher");
    List<String> curves = names(m.get("curve_preferences"), p + "curve_preferences", CURVES, "curve");
    boolean prefer = m.get("prefer_server_cipher_suites") == null
        || bool(m.get("prefer_server_cipher_suites"), p + "prefer_server_cipher_suites");
    if (cert.isEmpty() && key.isEmpty() && auth.isEmpty() && ca.isEmpty()) {
      return Optional.empty(); // the toolkit serves plain HTTP then
    }
    if (cert.isEmpty()) {
      throw new ConfigException(p + "cert_file", "missing cert_file");
    }
    if (key.isEmpty()) {
      throw new ConfigException(p + "key_file", "missing key_file");
    }
    Path certFile = dir.resolve(cert);
    Path keyFile = dir.resolve(key);
    try {
      PemFiles.keyPair(certFile, keyFile);
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new ConfigException(p + "cert_file", "failed to load the certificate and key: " + e.getMessage());
    }
    Optional<Path> caFile = ca.isEmpty() ? Optional.empty() : Optional.of(dir.resolve(ca));
    if (caFile.isPresent() && !Files.isReadable(caFile.get())) {
      throw new ConfigException(p + "client_ca_file", "cannot read " + caFile.get() + ": "
          + FileProblem.reason(caFile.get(), null));
    }
    String mode = auth.equals("RequireClientCert") ? "RequireAnyClientCert" : auth.isEmpty() ? "NoClientCert" : auth;
    if (!WebConfig.CLIENT_AUTH_TYPES.contains(mode)) {
      throw new ConfigException(p + "client_auth_type", "Invalid ClientAuth: " + auth + "; expected one of "
          + String.join(", ", WebConfig.CLIENT_AUTH_TYPES));
    }
    if (caFile.isPresent() && mode.equals("NoClientCert")) {
      throw new ConfigException(p + "client_ca_file",
          "Client CA's have been configured without a Client Auth Policy (set client_auth_type)");
    }
    return Optional.of(new WebConfig.Tls(certFile, keyFile, mode, caFile, min, max, ciphers, prefer, curves));
  }

  private static Map<String, String> users(Object raw) throws ConfigException {
    Map<String, String> users = new LinkedHashMap<>();
    if (raw == null) {
      return users;
    }
    for (Map.Entry<String, Object> e : map(raw, "basic_auth_users").entrySet()) {
      String path = "basic_auth_users." + e.getKey();
      String hash = string(e.getValue(), path);
      var m = BCRYPT.matcher(hash);
      if (hash.length() < 59 || !m.matches()) {
        throw new ConfigException(path, hash.startsWith("$") && hash.length() > 1 && hash.charAt(1) > '2'
            ? "bcrypt version " + hash.charAt(1) + " is newer than 2"
            : "not a bcrypt hash (make one with htpasswd -nBC 10 \"\" | tr -d ':\\n')");
      }
      int cost = Integer.parseInt(m.group(1));
      if (cost < 4 || cost > 31) {
        throw new ConfigException(path, "bcrypt cost " + cost + " is outside the allowed range (4,31)");
      }
      users.put(e.getKey(), hash);
    }
    return Map.copyOf(users);
  }

  private static Map<String, String> headers(Object raw) throws ConfigException {
    Map<String, String> headers = new LinkedHashMap<>();
    if (raw == null) {
      return headers;
    }
    for (Map.Entry<String, Object> e : map(raw, "http_server_config.headers").entrySet()) {
      String path = "http_server_config.headers." + e.getKey();
      List<String> allowed = HEADERS.get(e.getKey());
      if (allowed == null) {
        throw new ConfigException(path, "HTTP header \"" + e.getKey() + "\" can not be configured; allowed: "
            + String.join(", ", new java.util.TreeSet<>(HEADERS.keySet())));
      }
      String value = string(e.getValue(), path);
      if (!allowed.isEmpty() && !allowed.contains(value)) {
        throw new ConfigException(path, "expected one of " + allowed + ", got \"" + value + "\"");
      }
      headers.put(e.getKey(), value);
    }
    return Map.copyOf(headers);
  }

  private static String version(Object raw, String path, String dflt) throws ConfigException {
    String v = string(raw, path);
    if (v.isEmpty()) {
      return dflt;
    }
    if (!VERSIONS.contains(v)) {
      throw new ConfigException(path, "unknown TLS version: " + v + "; expected TLS10, TLS11, TLS12 or TLS13");
    }
    return v;
  }

  private static List<String> names(Object raw, String path, Set<String> known, String what)
      throws ConfigException {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      throw new ConfigException(path, "expected a list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String name = string(list.get(i), path + "[" + i + "]");
      if (!known.contains(name)) {
        throw new ConfigException(path + "[" + i + "]", "unknown " + what + ": " + name);
      }
      out.add(name);
    }
    return List.copyOf(out);
  }

  private static void keys(Map<String, Object> m, Set<String> known, String prefix) throws ConfigException {
    for (String k : m.keySet()) {
      if (!known.contains(k)) {
        throw new ConfigException(prefix + k, "unknown key; expected one of " + String.join(", ",
            new java.util.TreeSet<>(known)));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object raw, String path) throws ConfigException {
    if (!(raw instanceof Map<?, ?> m)) {
      throw new ConfigException(path.isEmpty() ? "web.config.file" : path, "expected a mapping");
    }
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        throw new ConfigException(path.isEmpty() ? String.valueOf(k) : path + "." + k, "keys must be text");
      }
    }
    return (Map<String, Object>) m;
  }

  private static String string(Object raw, String path) throws ConfigException {
    if (raw == null) {
      return "";
    }
    if (raw instanceof Map || raw instanceof List) {
      throw new ConfigException(path, "expected a single value");
    }
    return String.valueOf(raw);
  }

  private static boolean bool(Object raw, String path) throws ConfigException {
    if (raw instanceof Boolean b) {
      return b;
    }
    throw new ConfigException(path, "expected true or false, got " + raw);
  }
}

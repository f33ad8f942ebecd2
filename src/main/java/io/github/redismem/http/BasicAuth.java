package io.github.redismem.http;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an {@code Authorization: Basic} header against the web config's bcrypt hashes as the exporter-toolkit
 * does: an unknown user is checked against a dummy hash of the same cost, so that the answer takes as long as for a
 * known user with a wrong password and timing does not reveal which users exist. Successful checks are remembered
 * (keyed by a SHA-256 of user, hash and password) so that a scrape every few seconds does not pay bcrypt each time.
 */
final class BasicAuth {
  /** bcrypt of a random password at cost 10, the cost htpasswd -nBC 10 and the toolkit's docs use. */
  static final String DUMMY_HASH = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";
  private static final int CACHE_LIMIT = 256;

  /** The one bcrypt comparison; a seam so that a test can see which hash was checked. */
  interface PasswordCheck {
    boolean matches(String password, String hash);
  }

  /** bcrypt by at.favre.lib, which reads $2a$, $2b$ and $2y$; a hash it cannot read matches nothing. */
  static final PasswordCheck BCRYPT = (password, hash) -> {
    try {
      return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
          hash.getBytes(StandardCharsets.UTF_8)).verified;
    } catch (RuntimeException e) {
      return false;
    }
  };

  private final PasswordCheck check;
  private final Set<String> verified = ConcurrentHashMap.newKeySet();

  BasicAuth(PasswordCheck check) {
    this.check = check;
  }

  /** Whether {@code authorization} (the header, or null) names a user of {@code users} with the right password. */
  boolean allows(String authorization, Map<String, String> users) {
    if (authorization == null || authorization.length() < 6
        || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    String hash = users.get(user);
    boolean known = hash != null;
    String checked = known ? hash : DUMMY_HASH;
    String key = cacheKey(user, checked, password);
    if (known && verified.contains(key)) {
      return true;
    }
    boolean ok = check.matches(password, checked) && known;
    if (ok) {
      if (verified.size() >= CACHE_LIMIT) {
        verified.clear();
      }
      verified.add(key);
    }
    return ok;
  }

  private static String cacheKey(String user, String hash, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {user, hash, password}) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

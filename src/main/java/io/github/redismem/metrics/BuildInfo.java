package io.github.redismem.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version and git revision of this build, from the resources Maven writes at build time. */
public record BuildInfo(String version, String revision) {

  public static BuildInfo load() {
    Properties p = new Properties();
    for (String resource : new String[] {"/redismem-build.properties", "/redismem-revision.properties"}) {
      try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        // fall through to "unknown": a missing build stamp must not stop the exporter
      }
    }
    return new BuildInfo(clean(p.getProperty("version")), clean(p.getProperty("revision")));
  }

  private static String clean(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.strip();
  }
}

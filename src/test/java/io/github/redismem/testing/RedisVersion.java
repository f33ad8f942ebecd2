package io.github.redismem.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Redis server version such as {@code 7.0.15}, as printed by {@code redis-server --version} or an image tag.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version, -1 when the source does not say (an image tag like {@code 7.0})
 */
public record RedisVersion(int major, int minor, int patch) {

    private static final Pattern DOTTED = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Pattern VERSION_OUTPUT = Pattern.compile("\\bv=(\\d+\\.\\d+(?:\\.\\d+)?)");

    /** Parses {@code 7.0.15} or {@code 7.0}. */
    public static RedisVersion parse(String text) {
        Matcher m = DOTTED.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Redis version: '" + text + "'");
        }
        int patch = m.group(3) == null ? -1 : Integer.parseInt(m.group(3));
        return new RedisVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch);
    }

    /** Parses the output of {@code redis-server --version}: {@code Redis server v=7.0.15 sha=... bits=64 ...}. */
    public static RedisVersion fromVersionOutput(String output) {
        Matcher m = VERSION_OUTPUT.matcher(output);
        if (!m.find()) {
            throw new IllegalArgumentException("no 'v=X.Y.Z' in redis-server --version output: '" + output.strip() + "'");
        }
        return parse(m.group(1));
    }

    /** Whether this version is {@code major.minor} or newer; features appear in minor releases, so patch is ignored. */
    public boolean atLeast(int major, int minor) {
        return this.major != major ? this.major > major : this.minor >= minor;
    }

    @Override
    public String toString() {
        return patch < 0 ? major + "." + minor : major + "." + minor + "." + patch;
    }
}

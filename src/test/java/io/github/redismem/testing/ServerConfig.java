package io.github.redismem.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code redis.conf} text of a test server: the harness's fixed lines followed by the test's own lines.
 *
 * <p>A file rather than command-line flags, because some directives ({@code rename-command}) are only accepted in a
 * config file, and because quoting {@code ""} through a process argument list is error-prone.
 */
final class ServerConfig {

    private final List<String> testLines;

    ServerConfig(String... testLines) {
        this.testLines = List.of(testLines);
    }

    /**
     * Renders the file. The fixed lines come first so a test can override them (Redis keeps the last value).
     *
     * @param bind address to listen on
     * @param port port to listen on
     * @param dir the server's working directory, as the server sees it
     */
    String render(String bind, int port, String dir) {
        return render(bind, port, 0, dir);
    }

    /** As {@link #render(String, int, String)}, also listening for TLS on {@code tlsPort} unless it is 0. */
    String render(String bind, int port, int tlsPort, String dir) {
        List<String> lines = new ArrayList<>();
        lines.add("bind " + bind);
        lines.add("port " + port);
        if (tlsPort != 0) {
            lines.add("tls-port " + tlsPort);
        }
        // No persistence: test servers are throwaway, and a background save would only add noise and disk I/O.
        lines.add("save \"\"");
        lines.add("appendonly no");
        // A replica's first sync starts at once: 7.0 waits 5 s by default for more replicas to share a diskless one.
        lines.add("repl-diskless-sync-delay 0");
        lines.add("daemonize no");
        lines.add("dir " + quote(dir));
        lines.addAll(testLines);
        return String.join("\n", lines) + "\n";
    }

    /** The password of a {@code requirepass} line, or null, so {@link RedisServer#admin()} can authenticate. */
    String requirePass() {
        String password = null;
        for (String line : testLines) {
            String[] words = line.strip().split("\\s+", 2);
            if (words.length == 2 && words[0].toLowerCase(Locale.ROOT).equals("requirepass")) {
                password = unquote(words[1].strip());
            }
        }
        return password;
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}

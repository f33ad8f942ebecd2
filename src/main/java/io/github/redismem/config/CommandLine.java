package io.github.redismem.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed command line: {@code --help}, {@code --version}, {@code --check-config}, {@code --config.file=FILE} and
 * one flag per setting, written {@code --path=value} or {@code --path value}, in camel case (web.listenAddress) or
 * kebab case (web.listen-address).
 */
public record CommandLine(boolean help, boolean version, boolean checkConfig, Optional<String> configFile,
    Map<String, String> settings) {

  public static CommandLine parse(String... args) throws ConfigException {
    boolean help = false;
    boolean version = false;
    boolean checkConfig = false;
    String configFile = null;
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        help = true;
        continue;
      }
      if (arg.equals("--version")) {
        version = true;
        continue;
      }
      if (arg.equals("--check-config") || arg.equals("--checkConfig")) {
        checkConfig = true;
        continue;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new ConfigException(arg, "unexpected argument; flags look like --redis.addr=redis://host:6379");
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        throw new ConfigException("--" + name, "needs a value, like --" + name + "=VALUE");
      }
      String path = camel(name);
      if (path.equals("config.file")) {
        configFile = value;
      } else if (Setting.byPath(path) != null) {
        settings.put(path, value);
      } else {
        throw new ConfigException("--" + name, "unknown flag (--help lists them)");
      }
    }
    return new CommandLine(help, version, checkConfig, Optional.ofNullable(configFile), Map.copyOf(settings));
  }

  /** web.listen-address becomes web.listenAddress. */
  static String camel(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '-' || c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /** The text of {@code --help}. */
  public static String usage(String version) {
    StringBuilder out = new StringBuilder();
    out.append("redis-memory-exporter ").append(version).append('\n')
        .append("Exports where Redis memory goes to Prometheus.\n\n")
        .append("Usage: java -jar redis-memory-exporter.jar [--config.file=FILE] [--SETTING=VALUE ...]\n")
        .append("       java -jar redis-memory-exporter.jar analyze [--format=text|json|markdown] ... "
            + "(one pass, a report; analyze --help)\n\n")
        .append("Settings (YAML path = flag; flags beat environment variables, which beat the file):\n");
    for (Setting s : Setting.ALL) {
      out.append(String.format("  --%-22s %s%n", s.kebabPath(), s.help()));
      out.append(String.format("  %-24s default %s%s%n", "",
          s.defaultValue().isEmpty() ? "(none)" : s.defaultValue(), s.env().isEmpty() ? "" : ", env " + s.env()));
    }
    out.append("\n  --config.file            YAML file with the settings above\n")
        .append("  --check-config           Check the settings (and that the password file is readable), print them with\n")
        .append("                           secrets redacted, and exit: 0 when the exporter would start, 2 when not\n")
        .append("  --help, --version\n");
    return out.toString();
  }
}

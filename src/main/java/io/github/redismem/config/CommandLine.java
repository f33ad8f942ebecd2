package io.github.redismem.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed command line of the daemon and of every command: {@code --help} (also {@code -h} or the word
 * {@code help}), {@code --version}, {@code --check-config}, {@code --config.file=FILE}, one flag per setting, and
 * the command's own {@link Option}s. Every flag is written {@code --name=value} or {@code --name value}, in camel case
 * (web.listenAddress) or kebab case (web.listen-address).
 *
 * @param settings path to text, for the settings given as flags
 * @param flags path to the flag as the user typed it, so that an error names what they wrote
 * @param options each command option given, with its values in order
 */
public record CommandLine(boolean help, boolean version, boolean checkConfig, Optional<String> configFile,
    Map<String, String> settings, Map<String, String> flags, Map<Option<?>, List<String>> options) {

  /**
   * A flag of one command, not a setting: {@code analyze --format=json}. {@code name} is its kebab-case spelling
   * ({@code fail-on}); the camel case one ({@code failOn}) is accepted too.
   */
  public record Option<T>(String name, String value, ValueKind<T> kind, String help) {
    /** How the option shows in help and in errors: {@code --fail-on}. */
    public String flag() {
      return "--" + name;
    }
  }

  /** The daemon's command line: settings and the common flags only. */
  public static CommandLine parse(String... args) throws ConfigException {
    return parse(List.of(), args);
  }

  /** A command's line: the common flags, the settings and the command's own {@code options}. */
  public static CommandLine parse(List<Option<?>> options, String... args) throws ConfigException {
    boolean help = false;
    boolean version = false;
    boolean checkConfig = false;
    String configFile = null;
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> flags = new LinkedHashMap<>();
    Map<Option<?>, List<String>> given = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help") || (i == 0 && arg.equals("help"))) {
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
      String path = Setting.byFlag(name) != null ? Setting.byFlag(name).path() : camel(name);
      Optional<Option<?>> option = options.stream().filter(o -> camel(o.name()).equals(path)).findFirst();
      if (path.equals("config.file")) {
        configFile = value;
      } else if (option.isPresent()) {
        given.computeIfAbsent(option.get(), o -> new ArrayList<>()).add(value);
      } else if (Setting.byPath(path) != null) {
        settings.put(path, value);
        flags.put(path, "--" + name);
      } else {
        throw new ConfigException("--" + name, "unknown flag (--help lists them)");
      }
    }
    Map<Option<?>, List<String>> frozen = new LinkedHashMap<>();
    given.forEach((o, values) -> frozen.put(o, List.copyOf(values)));
    return new CommandLine(help, version, checkConfig, Optional.ofNullable(configFile), Map.copyOf(settings),
        Map.copyOf(flags), Map.copyOf(frozen));
  }

  /** The texts given to {@code option}, in order; empty when it was not given. */
  public List<String> texts(Option<?> option) {
    return options.getOrDefault(option, List.of());
  }

  /** The last value given to {@code option}, read by its kind; an error names the option. */
  public <T> Optional<T> value(Option<T> option) throws ConfigException {
    List<String> texts = texts(option);
    return texts.isEmpty() ? Optional.empty()
        : Optional.of(option.kind().parseFlag(option.flag(), texts.get(texts.size() - 1)));
  }

  /** web.listen-address (or web.listen_address) becomes web.listenAddress. */
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

  /** The text of the daemon's {@code --help}. */
  public static String usage(String version) {
    StringBuilder out = new StringBuilder();
    out.append("redis-memory-exporter ").append(version).append('\n')
        .append("Exports where Redis memory goes to Prometheus.\n\n")
        .append("Usage: redis-memory-exporter [--config.file=FILE] [--SETTING=VALUE ...]\n")
        .append("       redis-memory-exporter analyze [--format=text|json|markdown] ...   (one pass, a report)\n")
        .append("       redis-memory-exporter analyze --help\n\n");
    out.append(HelpText.settings(s -> true, Map.of()));
    out.append('\n');
    HelpText.entry(out, "--config.file=FILE", "YAML file with the settings above");
    HelpText.entry(out, "--check-config", "Check the settings (and that the password file is readable), print them "
        + "with secrets redacted, and exit: 0 when the exporter would start, 2 when not");
    HelpText.entry(out, "--help, -h, help", "This text");
    HelpText.entry(out, "--version", "The version and the revision it was built from");
    return out.toString();
  }
}

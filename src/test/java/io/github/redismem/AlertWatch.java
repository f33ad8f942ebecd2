package io.github.redismem;

import io.github.redismem.PrometheusHttp.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring e2e test's view of alerts: waits for an alert to fire or resolve in Alertmanager (with what
 * Prometheus thinks of it in the message when it does not), and remembers every alert it saw for a final check of
 * their annotations.
 */
final class AlertWatch {
  private static final Duration ALERT_TIMEOUT = Duration.ofSeconds(45);
  private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");

  private final PrometheusHttp alertmanager;
  private final PrometheusHttp prometheus;
  private final RuleFiles rules;
  /** Every alert Alertmanager has shown, by fingerprint. */
  private final Map<String, Map<?, ?>> alertsSeen = new LinkedHashMap<>();

  AlertWatch(PrometheusHttp alertmanager, PrometheusHttp prometheus, RuleFiles rules) {
    this.alertmanager = alertmanager;
    this.prometheus = prometheus;
    this.rules = rules;
  }

  /**
   * Waits until Alertmanager shows an active {@code alert} whose fingerprint is not in {@code before}, running
   * {@code eachPoll} before each look; returns the fingerprints of those alerts.
   */
  Set<String> awaitFiring(String alert, Set<String> before, String cause, Runnable eachPoll) {
    long start = System.nanoTime();
    Set<String> fired = new TreeSet<>();
    MonitoringE2EIT.await(alert + " to fire in Alertmanager after " + cause, ALERT_TIMEOUT, () -> {
      eachPoll.run();
      fired.clear();
      fired.addAll(active(alert));
      fired.removeAll(before);
      return fired.isEmpty() ? alertState(alert) : null;
    });
    MonitoringE2EIT.log(alert + " fired " + MonitoringE2EIT.seconds(start) + " s after " + cause);
    return Set.copyOf(fired);
  }

  void awaitResolved(String alert, Set<String> fingerprints, String cause) {
    long start = System.nanoTime();
    MonitoringE2EIT.await(alert + " to resolve in Alertmanager after " + cause, ALERT_TIMEOUT, () -> {
      Set<String> still = active(alert);
      still.retainAll(fingerprints);
      return still.isEmpty() ? null : alertState(alert);
    });
    MonitoringE2EIT.log(alert + " resolved " + MonitoringE2EIT.seconds(start) + " s after " + cause);
  }

  /** The fingerprints of the active alerts of this name in Alertmanager; remembers every alert it sees. */
  Set<String> active(String alert) {
    Set<String> out = new TreeSet<>();
    for (Map<?, ?> a : alertmanagerAlerts()) {
      if (alert.equals(((Map<?, ?>) a.get("labels")).get("alertname"))
          && "active".equals(((Map<?, ?>) a.get("status")).get("state"))) {
        out.add((String) a.get("fingerprint"));
      }
    }
    return out;
  }

  private List<Map<?, ?>> alertmanagerAlerts() {
    Reply reply = alertmanager.get("/api/v2/alerts");
    if (reply.httpStatus() != 200 || !(reply.json() instanceof List<?> list)) {
      throw new AssertionError("Alertmanager /api/v2/alerts: " + reply.error());
    }
    List<Map<?, ?>> out = new ArrayList<>();
    for (Object a : list) {
      Map<?, ?> alert = (Map<?, ?>) a;
      alertsSeen.put((String) alert.get("fingerprint"), alert);
      out.add(alert);
    }
    return out;
  }

  /** For a timeout message: the alert in Alertmanager and in Prometheus, and what its expression gives now. */
  private String alertState(String alert) {
    StringBuilder out = new StringBuilder("\n  Alertmanager: ");
    alertmanagerAlerts().stream().filter(a -> alert.equals(((Map<?, ?>) a.get("labels")).get("alertname")))
        .forEach(a -> out.append(a.get("labels")).append(' ').append(a.get("status")).append("; "));
    Reply alerts = prometheus.get("/api/v1/alerts");
    out.append("\n  Prometheus: ");
    if (alerts.success()) {
      for (Object a : (List<?>) ((Map<?, ?>) alerts.data()).get("alerts")) {
        Map<?, ?> m = (Map<?, ?>) a;
        if (alert.equals(((Map<?, ?>) m.get("labels")).get("alertname"))) {
          out.append(m.get("labels")).append(' ').append(m.get("state")).append("; ");
        }
      }
    }
    for (RuleFiles.Rule rule : rules.alerts()) {
      if (rule.name().equals(alert)) {
        out.append("\n  expr ").append(QueryChecks.oneLine(rule.expr())).append("\n  -> ")
            .append(prometheus.query(rule.expr()).summary());
      }
    }
    return out.toString();
  }

  /**
   * Every alert Alertmanager showed has a summary, its annotations rendered without a template error, and the
   * labels its rule's annotation templates name ({@code $labels.x}; a missing one renders as an empty string).
   */
  void checkAnnotationsOfEveryAlertSeen() {
    List<String> problems = new ArrayList<>();
    for (Map<?, ?> alert : alertsSeen.values()) {
      Map<?, ?> annotations = (Map<?, ?>) alert.get("annotations");
      Map<?, ?> labels = (Map<?, ?>) alert.get("labels");
      Object name = labels.get("alertname");
      for (RuleFiles.Rule rule : rules.alerts()) {
        if (rule.name().equals(name)) {
          rule.annotations().forEach((key, template) -> {
            Matcher m = TEMPLATE_LABEL.matcher(template);
            while (m.find()) {
              if (!labels.containsKey(m.group(1))) {
                problems.add(name + " annotation " + key + " uses $labels." + m.group(1) + ", which the alert "
                    + labels + " lacks");
              }
            }
          });
        }
      }
      if (annotations == null || String.valueOf(annotations.get("summary")).isBlank()
          || annotations.get("summary") == null) {
        problems.add(name + " has no summary: " + annotations);
        continue;
      }
      annotations.forEach((key, text) -> {
        String s = String.valueOf(text);
        if (s.contains("<no value>") || s.contains("error expanding template")
            || s.contains("error executing template")) {
          problems.add(name + " annotation " + key + " did not render: " + s);
        }
      });
    }
    MonitoringE2EIT.log(alertsSeen.size() + " alerts seen in Alertmanager");
    if (!problems.isEmpty()) {
      throw new AssertionError("alert annotations:\n" + String.join("\n", problems));
    }
  }
}

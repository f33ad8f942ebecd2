package io.github.redismem.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a manifest against the Kubernetes and prometheus-operator object models of fabric8, the way the API server
 * decodes strictly: an unknown field or a value of the wrong type is a problem.
 *
 * <p>fabric8's models do not reject unknown fields: {@code @JsonAnySetter} keeps them in each object's
 * {@code additionalProperties}. So after Jackson has bound the object, this walks the whole object graph and reports
 * every non-empty {@code additionalProperties} with its path. Jackson's scalar coercions (the string "80" to an int,
 * a number to a string, "true" to a boolean) are turned off, as Kubernetes' JSON decoding has none. Quantities,
 * object names and labels are checked against the API server's formats, which fabric8's strings do not enforce.
 */
final class KubeSchema {
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "v1/ConfigMap", ConfigMap.class,
      "v1/Secret", Secret.class,
      "v1/Service", Service.class,
      "v1/ServiceAccount", ServiceAccount.class,
      "apps/v1/Deployment", Deployment.class,
      "apps/v1/StatefulSet", StatefulSet.class,
      "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
      "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
      "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class,
      "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);

  private static final ObjectMapper MAPPER = strictMapper();
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Pattern QUALIFIED_NAME = Pattern.compile(
      "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  private KubeSchema() {}

  /** Every problem of one manifest (empty when it is valid), each naming the object and the field path. */
  static List<String> problems(Map<String, Object> manifest) {
    String type = manifest.get("apiVersion") + "/" + manifest.get("kind");
    Class<? extends HasMetadata> model = KINDS.get(type);
    if (model == null) {
      return List.of(type + ": a kind this check does not know; add its model to KubeSchema");
    }
    String name = type + " " + Manifests.at(manifest, "metadata", "name");
    List<String> problems = new ArrayList<>();
    HasMetadata object = bind(manifest, model, name, problems);
    if (object != null) {
      unknownFields(object, name, problems, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
      if (object.getMetadata() == null || object.getMetadata().getName() == null
          || object.getMetadata().getName().isBlank()) {
        problems.add(name + ": metadata.name is required");
      }
    }
    return problems;
  }

  /** Every problem of a value that is not a whole object, e.g. a container spec pasted into another chart's values. */
  static <T> List<String> problems(Object yaml, Class<T> model, String name) {
    List<String> problems = new ArrayList<>();
    T object = bind(yaml, model, name, problems);
    if (object != null) {
      unknownFields(object, name, problems, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }
    return problems;
  }

  /** The value bound to a model; fails with every problem when it is not valid. */
  static <T> T parse(Object yaml, Class<T> model, String name) {
    List<String> problems = problems(yaml, model, name);
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
    return MAPPER.convertValue(yaml, model);
  }

  /** A bound model as a map again, null fields left out (fabric8's models are @JsonInclude(NON_NULL)). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object model) {
    return MAPPER.convertValue(model, Map.class);
  }

  private static <T> T bind(Object yaml, Class<T> model, String name, List<String> problems) {
    try {
      return MAPPER.convertValue(yaml, model);
    } catch (IllegalArgumentException e) {
      String detail = e.getCause() instanceof JsonMappingException mapping
          ? mapping.getOriginalMessage() + " at " + path(mapping) : e.getMessage();
      problems.add(name + ": " + detail);
      return null;
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      path.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
    }
    return path.length() == 0 ? "(root)" : path.substring(path.charAt(0) == '.' ? 1 : 0);
  }

  /** Walks the bound model and reports whatever @JsonAnySetter swallowed. */
  private static void unknownFields(Object node, String path, List<String> problems, Set<Object> seen) {
    if (node == null || !seen.add(node)) {
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
      return;
    }
    if (node instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        unknownFields(item, path + "[" + i++ + "]", problems, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    if (node instanceof Quantity quantity) {
      try {
        Quantity.getAmountInBytes(quantity);
      } catch (ArithmeticException | IllegalArgumentException e) {
        problems.add(path + ": \"" + quantity + "\" is not a quantity");
      }
      return;
    }
    if (node instanceof ObjectMeta meta) {
      metadata(meta, path, problems);
    }
    for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object value;
        try {
          value = field.get(node);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (field.getName().equals("additionalProperties")) {
          if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
            problems.add(path + ": unknown field(s) " + extra.keySet());
          }
        } else {
          unknownFields(value, path + "." + field.getName(), problems, seen);
        }
      }
    }
  }

  /** What the API server's validation of names and labels rejects; fabric8 takes any string. */
  private static void metadata(ObjectMeta meta, String path, List<String> problems) {
    if (meta.getName() != null && !(meta.getName().length() <= 253 && DNS_SUBDOMAIN.matcher(meta.getName()).matches())) {
      problems.add(path + ".name: \"" + meta.getName() + "\" is not a DNS subdomain name");
    }
    if (meta.getLabels() != null) {
      meta.getLabels().forEach((key, value) -> {
        if (!QUALIFIED_NAME.matcher(key).matches()) {
          problems.add(path + ".labels: key \"" + key + "\" is not a qualified name");
        }
        if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
          problems.add(path + ".labels." + key + ": \"" + value + "\" is not a valid label value");
        }
      });
    }
  }

  private static ObjectMapper strictMapper() {
    JsonMapper mapper = JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
    for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
        CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    return mapper;
  }
}

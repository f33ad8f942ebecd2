package io.github.redismem.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The sidecar examples in {@code helm/examples}, parsed into Kubernetes models. */
final class Examples {
  static final Path BITNAMI = HelmChart.EXAMPLES.resolve("bitnami-redis-values.yaml");
  static final Path STATEFULSET = HelmChart.EXAMPLES.resolve("statefulset.yaml");
  static final String EXPORTER = "redis-memory-exporter";

  private Examples() {}

  /** The Bitnami chart's values file, with its YAML anchors resolved. */
  static Map<String, Object> bitnamiValues() {
    return Manifests.at(HelmChart.loadYaml(BITNAMI));
  }

  /** The containers under {@code master.sidecars} or {@code replica.sidecars}. */
  static List<Container> bitnamiSidecars(String role) {
    List<Object> sidecars = Manifests.at(bitnamiValues(), role, "sidecars");
    return sidecars.stream().map(s -> KubeSchema.parse(s, Container.class, role + ".sidecars")).toList();
  }

  /** The volumes under {@code master.extraVolumes} or {@code replica.extraVolumes}. */
  static List<Volume> bitnamiExtraVolumes(String role) {
    List<Object> volumes = Manifests.at(bitnamiValues(), role, "extraVolumes");
    return volumes.stream().map(v -> KubeSchema.parse(v, Volume.class, role + ".extraVolumes")).toList();
  }

  static List<Map<String, Object>> statefulSetManifests() {
    return Manifests.parse(STATEFULSET);
  }

  static StatefulSet statefulSet() {
    return KubeSchema.parse(Manifests.single(statefulSetManifests(), "StatefulSet"), StatefulSet.class,
        "StatefulSet");
  }

  static Container exporterIn(List<Container> containers) {
    return containers.stream().filter(c -> c.getName().equals(EXPORTER)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + EXPORTER + " container"));
  }
}

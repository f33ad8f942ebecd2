package io.github.redismem.helm;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Pod Security Standards' "restricted" profile (which includes "baseline"), checked on a pod spec the way the
 * PodSecurity admission controller checks it: host namespaces, privileged containers, added capabilities, host paths
 * and ports, AppArmor, SELinux, /proc mount, seccomp, sysctls (baseline); volume types, privilege escalation,
 * running as non-root, non-zero users, seccomp RuntimeDefault or Localhost, capabilities dropping ALL (restricted).
 * Container-level settings override the pod's, as in Kubernetes.
 */
final class RestrictedPodSecurity {
  private static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
      "persistentVolumeClaim", "projected", "secret");
  private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
      "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
      "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
  private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t",
      "container_engine_t");
  private static final Set<String> APPARMOR_ANNOTATION_VALUES = Set.of("runtime/default");

  private RestrictedPodSecurity() {}

  /** Every violation of "restricted" in the pod spec (and its pod annotations), empty when it complies. */
  static List<String> violations(PodSpec pod, Map<String, String> podAnnotations) {
    List<String> found = new ArrayList<>();
    PodSecurityContext podContext = pod.getSecurityContext() != null ? pod.getSecurityContext()
        : new PodSecurityContext();
    if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      found.add("pod: host namespaces (hostNetwork, hostPID, hostIPC) must not be shared");
    }
    if (Boolean.TRUE.equals(podContext.getWindowsOptions() != null
        ? podContext.getWindowsOptions().getHostProcess() : null)) {
      found.add("pod: windowsOptions.hostProcess must not be true");
    }
    for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
      String type = volumeType(volume);
      if (!VOLUME_TYPES.contains(type)) {
        found.add("volume " + volume.getName() + ": type " + type + " is not allowed (allowed: " + VOLUME_TYPES + ")");
      }
    }
    for (Sysctl sysctl : podContext.getSysctls() == null ? List.<Sysctl>of() : podContext.getSysctls()) {
      if (!SAFE_SYSCTLS.contains(sysctl.getName())) {
        found.add("pod: sysctl " + sysctl.getName() + " is not in the safe set");
      }
    }
    if (podContext.getRunAsUser() != null && podContext.getRunAsUser() == 0) {
      found.add("pod: runAsUser must not be 0");
    }
    seLinux(podContext.getSeLinuxOptions(), "pod", found);
    appArmor(podContext.getAppArmorProfile(), "pod", found);
    if (podAnnotations != null) {
      podAnnotations.forEach((key, value) -> {
        if (key.startsWith("container.apparmor.security.beta.kubernetes.io/")
            && !APPARMOR_ANNOTATION_VALUES.contains(value) && !value.startsWith("localhost/")) {
          found.add("pod: AppArmor annotation " + key + "=" + value + " is not allowed");
        }
      });
    }
    String podSeccomp = seccompType(podContext.getSeccompProfile());
    if (podSeccomp != null && !podSeccomp.equals("RuntimeDefault") && !podSeccomp.equals("Localhost")) {
      found.add("pod: seccompProfile.type must be RuntimeDefault or Localhost, is " + podSeccomp);
    }
    List<Container> containers = new ArrayList<>();
    addAll(containers, pod.getInitContainers());
    addAll(containers, pod.getContainers());
    if (pod.getEphemeralContainers() != null) {
      pod.getEphemeralContainers().forEach(e -> containers.add(new io.fabric8.kubernetes.api.model.ContainerBuilder()
          .withName(e.getName()).withSecurityContext(e.getSecurityContext()).withPorts(e.getPorts()).build()));
    }
    for (Container container : containers) {
      found.addAll(containerViolations(container, podContext));
    }
    return found;
  }

  /**
   * The violations of one container in a pod whose pod-level security context is {@code podContext}: for a container
   * pasted into a pod this chart does not render, pass an empty one to check that it complies on its own.
   */
  static List<String> containerViolations(Container container, PodSecurityContext podContext) {
    List<String> found = new ArrayList<>();
    String where = "container " + container.getName();
    SecurityContext sc = container.getSecurityContext() != null ? container.getSecurityContext()
        : new SecurityContext();
    if (Boolean.TRUE.equals(sc.getPrivileged())) {
      found.add(where + ": privileged must not be true");
    }
    if (sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
      found.add(where + ": procMount must be Default");
    }
    if (sc.getWindowsOptions() != null && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
      found.add(where + ": windowsOptions.hostProcess must not be true");
    }
    for (ContainerPort port : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
      if (port.getHostPort() != null && port.getHostPort() != 0) {
        found.add(where + ": hostPort " + port.getHostPort() + " is not allowed");
      }
    }
    seLinux(sc.getSeLinuxOptions(), where, found);
    appArmor(sc.getAppArmorProfile(), where, found);
    if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
      found.add(where + ": allowPrivilegeEscalation must be false");
    }
    if (!Boolean.TRUE.equals(effective(sc, podContext, SecurityContext::getRunAsNonRoot,
        PodSecurityContext::getRunAsNonRoot))) {
      found.add(where + ": runAsNonRoot must be true (in the container or the pod)");
    }
    if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
      found.add(where + ": runAsUser must not be 0");
    }
    String seccomp = seccompType(sc.getSeccompProfile());
    String effectiveSeccomp = seccomp != null ? seccomp : seccompType(podContext.getSeccompProfile());
    if (effectiveSeccomp == null) {
      found.add(where + ": seccompProfile.type must be RuntimeDefault or Localhost (in the container or the pod)");
    } else if (!effectiveSeccomp.equals("RuntimeDefault") && !effectiveSeccomp.equals("Localhost")) {
      found.add(where + ": seccompProfile.type must be RuntimeDefault or Localhost, is " + effectiveSeccomp);
    }
    Capabilities caps = sc.getCapabilities();
    if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
      found.add(where + ": capabilities.drop must contain ALL");
    }
    if (caps != null && caps.getAdd() != null) {
      for (String added : caps.getAdd()) {
        if (!added.equals("NET_BIND_SERVICE")) {
          found.add(where + ": capability " + added + " must not be added (only NET_BIND_SERVICE)");
        }
      }
    }
    return found;
  }

  private static <T> T effective(SecurityContext container, PodSecurityContext pod,
      Function<SecurityContext, T> fromContainer, Function<PodSecurityContext, T> fromPod) {
    T value = fromContainer.apply(container);
    return value != null ? value : fromPod.apply(pod);
  }

  private static String seccompType(SeccompProfile profile) {
    return profile == null ? null : profile.getType();
  }

  private static void seLinux(io.fabric8.kubernetes.api.model.SELinuxOptions options, String where,
      List<String> found) {
    if (options == null) {
      return;
    }
    if (options.getType() != null && !SELINUX_TYPES.contains(options.getType())) {
      found.add(where + ": seLinuxOptions.type " + options.getType() + " is not allowed");
    }
    if (options.getUser() != null && !options.getUser().isEmpty()
        || options.getRole() != null && !options.getRole().isEmpty()) {
      found.add(where + ": seLinuxOptions.user and role must not be set");
    }
  }

  private static void appArmor(io.fabric8.kubernetes.api.model.AppArmorProfile profile, String where,
      List<String> found) {
    if (profile != null && "Unconfined".equals(profile.getType())) {
      found.add(where + ": appArmorProfile.type must not be Unconfined");
    }
  }

  private static String volumeType(Volume v) {
    Map<String, Object> asMap = KubeSchema.asMap(v);
    return asMap.keySet().stream().filter(k -> !k.equals("name")).findFirst().orElse("(none)");
  }

  private static void addAll(List<Container> into, List<Container> from) {
    if (from != null) {
      into.addAll(from);
    }
  }
}

package io.github.redismem.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscoverHandlerTest {
  @Test
  void oneTargetGroupPerNodeWithTheTargetAsParameter() {
    String json = DiscoverHandler.render("exporter:19121", List.of(
        new DiscoveredNodes.Node("redis://10.0.0.1:6379", Map.of("node", "10.0.0.1:6379", "role", "primary",
            "shard", "0-8191")),
        new DiscoveredNodes.Node("redis://[::1]:6380", Map.of("node", "[::1]:6380", "role", "replica",
            "shard", "0-8191"))));
    assertThat(json).isEqualTo("""
        [{"targets":["exporter:19121"],"labels":{"__param_target":"redis://10.0.0.1:6379","node":"10.0.0.1:6379",\
        "role":"primary","shard":"0-8191"}},{"targets":["exporter:19121"],"labels":{"__param_target":\
        "redis://[::1]:6380","node":"[::1]:6380","role":"replica","shard":"0-8191"}}]
        """);
    assertThat(DiscoverHandler.render("e:1", List.of())).isEqualTo("[]\n");
  }
}

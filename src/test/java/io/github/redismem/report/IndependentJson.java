package io.github.redismem.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.redismem.testing.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our JSON read by a parser we did not write (Jackson), so that a bug shared by {@link JsonWriter} and
 * {@link io.github.redismem.config.JsonReader} (both ours) cannot hide: the output must be one strict JSON document to Jackson too (no
 * duplicate names, nothing after it), and Jackson must read the same values as our reader.
 */
public final class IndependentJson {
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();

  private IndependentJson() {}

  /** The document as Jackson's tree; fails the test if Jackson rejects it. */
  public static JsonNode tree(String json) {
    try {
      return STRICT.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("Jackson rejects our JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses with Jackson and with our {@link io.github.redismem.config.JsonReader} and asserts that both read the same document (numbers
   * compared as doubles, as our reader gives them); returns Jackson's tree for further assertions.
   */
  public static JsonNode sameAsOurReader(String json) {
    JsonNode tree = tree(json);
    assertThat(plain(tree)).as("Jackson's reading of our JSON").isEqualTo(Json.parse(json));
    return tree;
  }

  /** Jackson's tree as our reader's shapes: LinkedHashMap, List, String, Double, Boolean, null. */
  private static Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      node.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.forEach(e -> out.add(plain(e)));
      return out;
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull()) {
      return null;
    }
    return node.textValue();
  }
}

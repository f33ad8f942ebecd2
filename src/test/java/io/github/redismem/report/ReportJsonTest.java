package io.github.redismem.report;

import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.redismem.testing.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

  @Test
  void theEarlyEstimateIsBesideTheAnalysisWithItsProgressAndKeptByTheDaemonsSnapshotStep() {
    Report early = SampleReports.early().withSnapshot(java.util.Optional.empty());
    Map<?, ?> json = (Map<?, ?>) Json.parse(ReportJson.write(early));
    assertThat(json.get("analysis")).isNull();
    assertThat(at(json, "estimate", "progress")).isEqualTo(0.05);
    assertThat(at(json, "estimate", "made_at")).isEqualTo("2025-01-02T03:04:04Z");
    assertThat(at(json, "estimate", "analysis", "sample_ratio")).isEqualTo(0.1);
    assertThat(at(Json.parse(ReportJson.write(SampleReports.complete())), "estimate")).isNull();
  }

  @Test
  void aCompleteReportIsValidJsonWithEveryValue() {
    String json = ReportJson.write(SampleReports.complete());
    Object doc = Json.parse(json);
    assertThat(at(doc, "exporter_version")).isEqualTo("1.2.3");
    assertThat(at(doc, "generated_at")).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(at(doc, "partial")).isEqualTo(false);
    assertThat(at(doc, "instance", "used_bytes")).isEqualTo(25_772_968.0);
    assertThat(at(doc, "instance", "fragmentation_ratio")).isEqualTo(3.55);
    assertThat(at(doc, "instance", "doctor_issues")).isEqualTo(SampleReports.complete().instance().doctorIssues());
    assertThat(at(doc, "sampler", "last_pass_age_seconds")).isEqualTo(42.0);
    assertThat(at(doc, "sampler", "errors")).isEqualTo(Map.of("timeout", 0.0));
    assertThat(at(doc, "analysis", "top_keys", 0, "key")).isEqualTo(SampleReports.HOSTILE_KEY);
    assertThat(at(doc, "analysis", "top_keys", 0, "ttl_seconds")).isEqualTo(-1.0);
    assertThat(at(doc, "analysis", "top_keys", 1, "key")).isEqualTo("q\"uo\\\\te:1 & 'x'");
    // no_ttl comes after every finding that saves something: its memory, no saving, and why
    assertThat(at(doc, "analysis", "findings", 5, "finding")).isEqualTo("no_ttl");
    assertThat(at(doc, "analysis", "findings", 5, "bytes")).isEqualTo(900_000.0);
    assertThat(at(doc, "analysis", "findings", 5, "reclaimable_bytes")).isEqualTo(0.0);
    assertThat(at(doc, "analysis", "findings", 5, "saving_note"))
        .isEqualTo("memory without TTL: only eviction or a DEL frees it");
    assertThat(at(doc, "analysis", "findings", 5, "examples", 0, "key")).isEqualTo(SampleReports.HOSTILE_KEY);
    assertThat(at(doc, "analysis", "findings", 5, "fix", "kind")).isEqualTo("command");
    assertThat(at(doc, "analysis", "findings", 0, "reclaimable_bytes")).isEqualTo(120_000.0);
    assertThat(at(doc, "analysis", "findings", 0, "saving_note")).isNull();
    assertThat(at(doc, "analysis", "ttls", 1, "bucket")).isEqualTo("4h");
    assertThat(at(doc, "analysis", "encodings", 0, "data_type")).isEqualTo("string");

    JsonNode tree = IndependentJson.sameAsOurReader(json);
    assertThat(tree.isObject()).isTrue();
    assertThat(tree.get("exporter_version").isTextual()).isTrue();
    assertThat(tree.get("partial").isBoolean()).isTrue();
    assertThat(tree.get("instance").isObject()).isTrue();
    assertThat(tree.at("/instance/used_bytes").isNumber()).isTrue();
    assertThat(tree.at("/instance/used_bytes").doubleValue()).isEqualTo(25_772_968.0);
    assertThat(tree.at("/analysis/top_keys").isArray()).isTrue();
    assertThat(tree.at("/analysis/top_keys/0/key").textValue()).isEqualTo(SampleReports.HOSTILE_KEY);
    assertThat(tree.at("/analysis/findings").isArray()).isTrue();
    tree.at("/analysis/findings").forEach(f -> assertThat(f.get("finding").isTextual()).isTrue());
    assertThat(tree.at("/analysis/findings/0/saving_note").isNull()).isTrue();
  }

  @Test
  void instanceFindingsComeLastWithTheirEvidenceAndComputedFix() {
    String json = ReportJson.write(SampleReports.complete());
    Object doc = Json.parse(json);
    // the recorded 7.0 has no maxmemory and 1,001 cached scripts
    assertThat((java.util.List<?>) at(doc, "instance_findings")).hasSize(2);
    assertThat(at(doc, "instance_findings", 1, "finding")).isEqualTo("script_cache_large");
    assertThat(at(doc, "instance_findings", 0, "finding")).isEqualTo("maxmemory_unset");
    assertThat(at(doc, "instance_findings", 0, "evidence", 0, "name")).isEqualTo("maxmemory");
    assertThat(at(doc, "instance_findings", 0, "evidence", 0, "value")).isEqualTo(0.0);
    assertThat((String) at(doc, "instance_findings", 0, "fix", "steps", 0)).startsWith("CONFIG SET maxmemory ");
    assertThat(json).endsWith("]}");
    JsonNode tree = IndependentJson.sameAsOurReader(json);
    assertThat(tree.get("instance_findings").isArray()).isTrue();
    assertThat(tree.get("instance_findings")).hasSize(2);
    assertThat(tree.at("/instance_findings/0/evidence/0/value").isNumber()).isTrue();
  }

  @Test
  void anExactPassHasBoundsEqualToItsValuesAndSaysItIsNotSampled() {
    Object doc = Json.parse(ReportJson.write(SampleReports.complete()));
    assertThat(IndependentJson.sameAsOurReader(ReportJson.write(SampleReports.complete()))
        .at("/analysis/estimation/sampled").booleanValue()).isFalse();
    assertThat(at(doc, "analysis", "estimation")).isEqualTo(Map.of("sampled", false, "sample_ratio", 1.0,
        "big_key_bytes", 0.0, "calibrated", false, "dataset_bytes", 0.0, "allocated_bytes", 0.0,
        "unattributed_bytes", 0.0, "top_keys_from_sample", false));
    assertThat(at(doc, "analysis", "encodings", 0, "bytes_low")).isEqualTo(550_000.0);
    assertThat(at(doc, "analysis", "encodings", 0, "bytes_high")).isEqualTo(550_000.0);
    assertThat(at(doc, "analysis", "findings", 0, "keys_low")).isEqualTo(at(doc, "analysis", "findings", 0, "keys"));
  }

  @Test
  void aSampledPassHasItsEstimationAndEveryBound() {
    Object doc = Json.parse(ReportJson.write(SampleReports.sampled()));
    assertThat(IndependentJson.sameAsOurReader(ReportJson.write(SampleReports.sampled()))
        .at("/analysis/estimation/sampled").booleanValue()).isTrue();
    assertThat(at(doc, "analysis", "bytes")).isEqualTo((double) SampleReports.DATASET_BYTES);
    assertThat(at(doc, "analysis", "estimation")).isEqualTo(Map.of("sampled", true, "sample_ratio", 0.1,
        "big_key_bytes", 65_536.0, "calibrated", true, "dataset_bytes", (double) SampleReports.DATASET_BYTES,
        "allocated_bytes", 1_200_000.0, "unattributed_bytes", (double) SampleReports.UNATTRIBUTED_BYTES,
        "top_keys_from_sample", true));
    assertThat(at(doc, "analysis", "encodings", 0)).isEqualTo(Map.of("db", 0.0, "data_type", "string",
        "encoding", "raw", "keys", 60.0, "bytes", 6_000_000.0, "keys_low", 40.0, "keys_high", 86.0,
        "bytes_low", 5_500_000.0, "bytes_high", 6_800_000.0));
    assertThat(at(doc, "analysis", "prefixes", 0, "bytes_low")).isEqualTo(5_500_000.0);
    assertThat(at(doc, "analysis", "prefixes", 0, "bytes_high")).isEqualTo(6_800_000.0);
    assertThat(List.of(at(doc, "analysis", "ttls", 0, "keys_low"), at(doc, "analysis", "ttls", 0, "keys_high"),
        at(doc, "analysis", "ttls", 0, "bytes_low"), at(doc, "analysis", "ttls", 0, "bytes_high")))
        .containsExactly(19_300.0, 20_900.0, 7_900_000.0, 9_300_000.0);
    assertThat(at(doc, "analysis", "findings", 1, "finding")).isEqualTo("no_ttl");
    assertThat(List.of(at(doc, "analysis", "findings", 1, "keys_low"), at(doc, "analysis", "findings", 1, "keys_high"),
        at(doc, "analysis", "findings", 1, "bytes_low"), at(doc, "analysis", "findings", 1, "bytes_high")))
        .containsExactly(19_300.0, 20_900.0, 7_900_000.0, 9_300_000.0);
  }

  @Test
  void markupNeverAppearsRawSoTheJsonCanSitInAScriptTag() {
    String json = ReportJson.write(SampleReports.complete());
    assertThat(json).doesNotContain("<", ">", "&").contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e");
    assertThat(IndependentJson.tree(json).toString()).contains("<script>alert(1)</script>");
  }

  @Test
  void beforeTheFirstPassAnalysisAndRatesAreNull() {
    Object doc = Json.parse(ReportJson.write(SampleReports.firstPassRunning()));
    assertThat(at(doc, "analysis")).isNull();
    assertThat(at(doc, "sampler", "last_pass_age_seconds")).isNull();
    assertThat(at(doc, "sampler", "progress")).isEqualTo(0.37);
    JsonNode tree = IndependentJson.sameAsOurReader(ReportJson.write(SampleReports.firstPassRunning()));
    assertThat(tree.get("analysis").isNull()).isTrue();
    assertThat(tree.at("/sampler/progress").doubleValue()).isEqualTo(0.37);
  }

  @Test
  void everyStringIsEscapedToValidJson() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c);
    }
    // an unpaired surrogate, a proper pair, the JavaScript line separators and non-ASCII text
    String tricky = all + "\ud800x\udc00 \ud83d\ude00 \u2028\u2029 ключ";
    JsonWriter w = new JsonWriter().beginObject().name(tricky).value(tricky).name("n").beginArray()
        .value(1.5).value(Double.NaN).value(Double.POSITIVE_INFINITY).value(1e-7).value(3.0).value(-0.0)
        .nullValue().value(true).endArray().endObject();
    Object doc = Json.parse(w.toString());
    assertThat(at(doc, tricky)).isEqualTo(tricky);
    assertThat(at(doc, "n")).isEqualTo(java.util.Arrays.asList(1.5, null, null, 1e-7, 3.0, 0.0, null, true));
    assertThat(w.toString()).doesNotContain("\u2028", "\ud800");
    // Jackson refuses the escaped unpaired surrogates (\ud800 without a low one: RFC 8259 8.2 leaves them to the
    // reader); report strings are KeyText, decoded UTF-8, so they never hold one. Everything else must read the same.
    String paired = tricky.replace("\ud800x\udc00", "x");
    JsonWriter v = new JsonWriter().beginObject().name(paired).value(paired).name("n").beginArray()
        .value(1.5).value(Double.NaN).value(Double.POSITIVE_INFINITY).value(1e-7).value(3.0).value(-0.0)
        .nullValue().value(true).endArray().endObject();
    JsonNode tree = IndependentJson.sameAsOurReader(v.toString());
    assertThat(tree.get(paired).textValue()).isEqualTo(paired).contains("\ud83d\ude00", "\u2028", "ключ");
    assertThat(tree.get("n")).hasSize(8);
    assertThat(tree.get("n").get(1).isNull()).isTrue();
  }

  @Test
  void emptyContainersAndNestingNeedNoCommas() {
    String json = new JsonWriter().beginObject().name("a").beginArray().endArray().name("b").beginObject()
        .endObject().name("c").beginArray().beginArray().value(1).endArray().beginObject().endObject().endArray()
        .endObject().toString();
    assertThat(json).isEqualTo("{\"a\":[],\"b\":{},\"c\":[[1],{}]}");
    assertThat(IndependentJson.sameAsOurReader(json).at("/c/0/0").intValue()).isEqualTo(1);
  }

  @Test
  void whatIfsCarryTheirCandidatesAndCommands() {
    Object doc = io.github.redismem.testing.Json.parse(ReportJson.write(SampleReports.complete()));
    // biggest possible saving first: the value limit's 80,000 before the zset's 35,000
    assertThat(io.github.redismem.testing.Json.at(doc, "analysis", "what_ifs", 0, "setting"))
        .isEqualTo("hash-max-listpack-value");
    assertThat(io.github.redismem.testing.Json.at(doc, "analysis", "what_ifs", 1, "candidates", 1, "basis"))
        .isEqualTo("2x,p99");
    assertThat(io.github.redismem.testing.Json.at(doc, "analysis", "what_ifs", 1, "command", 0))
        .isEqualTo("CONFIG SET zset-max-listpack-entries 256 (now 128)");
    assertThat(io.github.redismem.testing.Json.at(doc, "analysis", "what_ifs", 0, "candidates"))
        .isEqualTo(java.util.List.of());
    JsonNode tree = IndependentJson.sameAsOurReader(ReportJson.write(SampleReports.complete()));
    assertThat(tree.at("/analysis/what_ifs/1/command/0").textValue())
        .isEqualTo("CONFIG SET zset-max-listpack-entries 256 (now 128)");
  }

  @Test
  void aClustersKeysCarryTheirNodeAndASingleNodesHaveNoNodeField() {
    Object cluster = Json.parse(ReportJson.write(SampleReports.cluster()));
    assertThat(at(cluster, "analysis", "top_keys", 0, "node")).isEqualTo(SampleReports.NODE_A);
    assertThat(at(cluster, "analysis", "top_keys", 1, "key")).isEqualTo("feed:9");
    assertThat(at(cluster, "analysis", "top_keys", 1, "node")).isEqualTo(SampleReports.NODE_B);
    assertThat(at(cluster, "analysis", "findings", 5, "finding")).isEqualTo("no_ttl");
    assertThat(at(cluster, "analysis", "findings", 5, "keys")).isEqualTo(4001.0);
    assertThat(at(cluster, "analysis", "findings", 5, "examples", 1, "node")).isEqualTo(SampleReports.NODE_B);

    Object single = Json.parse(ReportJson.write(SampleReports.complete()));
    for (Object key : List.of(at(single, "analysis", "top_keys", 0),
        at(single, "analysis", "findings", 5, "examples", 0))) {
      assertThat(((Map<?, ?>) key).containsKey("key")).isTrue();
      assertThat(((Map<?, ?>) key).containsKey("node")).isFalse();
    }
  }
}

package io.github.redismem.report;

import static io.github.redismem.testing.Json.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.testing.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

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
    assertThat(at(doc, "analysis", "findings", 0, "examples", 0, "key")).isEqualTo(SampleReports.HOSTILE_KEY);
    assertThat(at(doc, "analysis", "findings", 0, "fix", "kind")).isEqualTo("command");
    assertThat(at(doc, "analysis", "ttls", 1, "bucket")).isEqualTo("4h");
    assertThat(at(doc, "analysis", "encodings", 0, "data_type")).isEqualTo("string");
  }

  @Test
  void markupNeverAppearsRawSoTheJsonCanSitInAScriptTag() {
    String json = ReportJson.write(SampleReports.complete());
    assertThat(json).doesNotContain("<", ">", "&").contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e");
  }

  @Test
  void beforeTheFirstPassAnalysisAndRatesAreNull() {
    Object doc = Json.parse(ReportJson.write(SampleReports.firstPassRunning()));
    assertThat(at(doc, "analysis")).isNull();
    assertThat(at(doc, "sampler", "last_pass_age_seconds")).isNull();
    assertThat(at(doc, "sampler", "progress")).isEqualTo(0.37);
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
  }

  @Test
  void emptyContainersAndNestingNeedNoCommas() {
    String json = new JsonWriter().beginObject().name("a").beginArray().endArray().name("b").beginObject()
        .endObject().name("c").beginArray().beginArray().value(1).endArray().beginObject().endObject().endArray()
        .endObject().toString();
    assertThat(json).isEqualTo("{\"a\":[],\"b\":{},\"c\":[[1],{}]}");
  }
}

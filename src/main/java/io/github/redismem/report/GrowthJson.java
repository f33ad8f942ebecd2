package io.github.redismem.report;

import io.github.redismem.analysis.PassScope;
import java.util.List;
import java.util.Optional;

/** The {@code scope} and {@code growth} members of the report's JSON ({@link ReportJson}); docs/report.md. */
final class GrowthJson {
  private GrowthJson() {}

  static void scope(JsonWriter w, Optional<PassScope> scope) {
    if (scope.isEmpty()) {
      w.nullValue();
      return;
    }
    PassScope s = scope.get();
    w.beginObject().name("prefix_delimiters").value(s.prefixDelimiters()).name("prefix_depth")
        .value(s.prefixDepth()).name("prefix_patterns").beginArray();
    s.prefixPatterns().forEach(w::value);
    w.endArray().name("max_prefixes").value(s.maxPrefixes()).endObject();
  }

  static void growth(JsonWriter w, Optional<Growth> growth) {
    if (growth.isEmpty()) {
      w.nullValue();
      return;
    }
    Growth g = growth.get();
    w.beginObject();
    w.name("basis").value(g.basis());
    w.name("from").value(g.from().toString());
    w.name("to").value(g.to().toString());
    w.name("seconds").value(g.seconds());
    w.name("sampled").value(g.sampled());
    w.name("prefixes_comparable").value(g.prefixesComparable());
    w.name("notes").beginArray();
    g.notes().forEach(w::value);
    w.endArray();
    w.name("total");
    change(w, g.total(), false, false);
    changes(w.name("growing_prefixes"), g.growingPrefixes(), true, false);
    changes(w.name("shrinking_prefixes"), g.shrinkingPrefixes(), true, false);
    w.name("prefixes_growing").value(g.prefixesGrowing());
    w.name("prefixes_shrinking").value(g.prefixesShrinking());
    changes(w.name("data_types"), g.dataTypes(), false, false);
    changes(w.name("encodings"), g.encodings(), false, true);
    w.endObject();
  }

  private static void changes(JsonWriter w, List<Growth.Change> changes, boolean prefix, boolean encoding) {
    w.beginArray();
    changes.forEach(c -> change(w, c, prefix, encoding));
    w.endArray();
  }

  private static void change(JsonWriter w, Growth.Change c, boolean prefix, boolean encoding) {
    w.beginObject();
    if (c.db() >= 0) {
      w.name("db").value(c.db());
      if (prefix) {
        w.name("prefix").value(c.prefix());
      } else {
        w.name("data_type").value(c.dataType());
        if (encoding) {
          w.name("encoding").value(c.encoding());
        }
      }
      w.name("status").value(c.status());
    }
    w.name("keys_before").value(c.keysBefore()).name("keys_after").value(c.keysAfter())
        .name("keys_change").value(c.keysChange())
        .name("bytes_before").value(c.bytesBefore()).name("bytes_after").value(c.bytesAfter())
        .name("bytes_change").value(c.bytesChange())
        .name("bytes_change_low").value(c.bytesChangeLow()).name("bytes_change_high").value(c.bytesChangeHigh())
        .name("within_error").value(c.withinError());
    w.endObject();
  }
}

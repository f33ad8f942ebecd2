package io.github.redismem.report;

import io.github.redismem.analysis.ThresholdWhatIf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns the pass's threshold what-ifs into report rows, each with the commands that would apply one. */
final class WhatIfAdvice {
  private WhatIfAdvice() {}

  static List<Report.WhatIfRow> rows(List<ThresholdWhatIf> whatIfs) {
    List<Report.WhatIfRow> rows = new ArrayList<>();
    for (ThresholdWhatIf w : whatIfs) {
      List<Report.WhatIfCandidate> candidates = w.candidates().stream()
          .map(c -> new Report.WhatIfCandidate(c.value(), c.basis(), Math.round(c.keys()),
              Math.round(c.reclaimableBytes()), c.maxCompactBytes()))
          .toList();
      rows.add(new Report.WhatIfRow(w.dataType().label(), w.setting(), w.current(), w.fromEncoding(),
          w.toEncoding(), Math.round(w.keysOver()), Math.round(w.bytesOver()), Math.round(w.keysBeyond()),
          candidates, Math.round(w.reclaimableAboveLongest()), command(w, candidates)));
    }
    rows.sort(Comparator.comparingLong(Report.WhatIfRow::bestReclaimable).reversed()
        .thenComparing(Report.WhatIfRow::setting));
    return rows;
  }

  /** The candidate to suggest: the one covering p99 of the keys over the limit, else the largest. */
  static Report.WhatIfCandidate suggested(List<Report.WhatIfCandidate> candidates) {
    return candidates.stream().filter(c -> List.of(c.basis().split(",")).contains("p99")).findFirst()
        .orElse(candidates.get(candidates.size() - 1));
  }

  private static List<String> command(ThresholdWhatIf w, List<Report.WhatIfCandidate> candidates) {
    String reEncode = "re-encode the keys: DUMP <key>, then RESTORE <key> 0 <payload> REPLACE, for each "
        + w.dataType().label() + " in " + w.fromEncoding() + " (or restart from an RDB file); raising a threshold"
        + " converts no existing key by itself";
    if (candidates.isEmpty()) {
      String longest = switch (w.dataType()) {
        case HASH -> "EVAL \"local m=0 for _,v in ipairs(redis.call('HGETALL',KEYS[1])) do m=math.max(m,#v) end"
            + " return m\" 1 <key>";
        case ZSET -> "EVAL \"local m=0 for _,v in ipairs(redis.call('ZRANGE',KEYS[1],0,-1)) do m=math.max(m,#v)"
            + " end return m\" 1 <key>";
        default -> "EVAL \"local m=0 for _,v in ipairs(redis.call('SMEMBERS',KEYS[1])) do m=math.max(m,#v) end"
            + " return m\" 1 <key>";
      };
      return List.of("find the longest element of a few of the keys: " + longest,
          "CONFIG SET " + w.setting() + " <longest + 1> (now " + w.current() + "), if the keys' longest elements"
              + " are short enough to be scanned linearly",
          "CONFIG REWRITE (or put " + w.setting() + " in redis.conf)", reEncode);
    }
    Report.WhatIfCandidate c = suggested(candidates);
    return List.of("CONFIG SET " + w.setting() + " " + c.value() + " (now " + w.current() + ")",
        "CONFIG REWRITE (or put " + w.setting() + " " + c.value() + " in redis.conf)", reEncode);
  }
}

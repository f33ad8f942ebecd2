package io.github.redismem.report;

import io.github.redismem.analysis.DataType;
import io.github.redismem.analysis.PassResult;
import io.github.redismem.analysis.PassScope;
import io.github.redismem.analysis.SamplerStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sampler that has completed two passes: {@link SampleReports#pass()} and, five minutes before it, a pass with
 * 1,000 fewer {@code user:} strings (80,000 bytes less) and a prefix with a hostile name that has gone since.
 */
public final class SampleGrowth {
  public static final String HOSTILE_PREFIX = "<img src=x onerror=alert(1)>:";
  public static final PassScope SCOPE = new PassScope(":", 1, List.of(), 50);

  private SampleGrowth() {}

  public static PassResult earlierPass() {
    PassResult p = SampleReports.pass();
    return new PassResult(p.finishedAt().minusSeconds(300), p.duration(), 1.0, 3008, 0, 0.04, p.thresholds(),
        List.of(new PassResult.EncodingGroup(0, DataType.STRING, "raw", 6, 550_000),
            new PassResult.EncodingGroup(0, DataType.STRING, "embstr", 1000, 80_000),
            new PassResult.EncodingGroup(0, DataType.HASH, "hashtable", 3, 120_000),
            new PassResult.EncodingGroup(0, DataType.LIST, "quicklist", 2, 30_000),
            new PassResult.EncodingGroup(2, DataType.ZSET, "skiplist", 2, 60_000)),
        Map.of(), Map.of(), p.stringLengths(), p.topKeys(),
        List.of(new PassResult.PrefixGroup(0, "user:", 1000, 80_000, 1000),
            new PassResult.PrefixGroup(0, "(none)", 6, 550_000, 6),
            new PassResult.PrefixGroup(0, "q\"uo\\\\te:", 3, 120_000, 0),
            new PassResult.PrefixGroup(0, HOSTILE_PREFIX, 2, 30_000, 0),
            new PassResult.PrefixGroup(2, "line1\\x0aline2", 2, 60_000, 0)),
        p.ttls(), p.findings());
  }

  public static SamplerStatus status() {
    return new SamplerStatus(8016, 2, 3, Map.of("timeout", 0L), 1.0, 0.03, 1.0, "idle",
        Optional.of(SampleReports.pass()), Optional.of(earlierPass()), Optional.of(SCOPE));
  }

  /** The report the page and /report.json show after both passes. */
  public static Report report() {
    return new ReportBuilder("1.2.3", "redis://cache:6379").build(SampleReports.memoryState(), status(),
        SampleReports.NOW, false);
  }
}

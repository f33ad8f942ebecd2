package io.github.redismem.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reader must know before reading the figures of a sampled pass, in the words the page, the text and the
 * Markdown report share. Plain text, NOT escaped: each renderer escapes it as it escapes the rest.
 */
public final class EstimateNote {
  /** Said of the top keys of a sampled pass. */
  public static final String TOP_KEYS = "biggest of the sampled keys: other keys may be bigger";

  private EstimateNote() {}

  /**
   * The note as clauses: where the figures come from, then how to read them. Empty for an exact pass. Renderers
   * join them with {@link #sentence} or put them on lines of their own.
   */
  public static List<String> clauses(Report.Estimation e) {
    if (!e.sampled()) {
      return List.of();
    }
    List<String> clauses = new ArrayList<>();
    clauses.add("Estimated from a " + ratio(e.sampleRatio()) + " sample of keys (docs/sampling.md)");
    clauses.add("ranges are 99% bounds");
    if (e.bigKeyBytes() > 0) { // an early estimate multiplies every key alike
      clauses.add("keys of " + HumanBytes.format(e.bigKeyBytes()) + " or more counted once at their size");
    }
    if (!e.calibrated()) {
      clauses.add("not checked against Redis's dataset size, so big keys the sample missed are not counted");
    } else if (e.unattributedBytes() > 0) {
      clauses.add(HumanBytes.format(e.unattributedBytes()) + " of the " + HumanBytes.format(e.datasetBytes())
          + " dataset (used_memory_dataset) unattributed");
    } else {
      clauses.add("none of the " + HumanBytes.format(e.datasetBytes())
          + " dataset (used_memory_dataset) left unattributed");
    }
    return clauses;
  }

  /** The note as one sentence: {@code Estimated from ...: ranges are 99% bounds; ...; ... .}; empty when exact. */
  public static String sentence(Report.Estimation e) {
    List<String> c = clauses(e);
    return c.isEmpty() ? "" : c.get(0) + ": " + String.join("; ", c.subList(1, c.size())) + ".";
  }

  /** A sample ratio as a percentage with up to three significant digits: 10%, 1.5%, 0.25%. */
  static String ratio(double ratio) {
    BigDecimal percent = new BigDecimal(ratio * 100).round(new MathContext(3)).stripTrailingZeros();
    return percent.toPlainString() + "%";
  }
}

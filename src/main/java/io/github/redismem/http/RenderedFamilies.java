package io.github.redismem.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Renders a scrape family by family, reusing the bytes of every family whose snapshot object is the one rendered
 * last time. Collectors hand out the same snapshot objects while their data is unchanged (a completed pass's top
 * keys, prefixes and histograms for minutes; a Redis read shared by concurrent scrapes), so under a burst of
 * scrapes most of the text is written once. Holds one generation per format: the families of the last scrape.
 *
 * <p>The text formats write families one after another, so the concatenation of the families' texts is byte for
 * byte the whole rendering (checked by a test); OpenMetrics ends with one {@code # EOF} line, kept out of the
 * families and written once.
 */
final class RenderedFamilies {
  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOTHING = new byte[0];

  private final ExpositionFormatWriter writer;
  private final EscapingScheme escaping;
  private final boolean openMetrics;
  private final AtomicReference<Map<MetricSnapshot, byte[]>> last = new AtomicReference<>(new IdentityHashMap<>());

  RenderedFamilies(ExpositionFormatWriter writer, EscapingScheme escaping) {
    this.writer = writer;
    this.escaping = escaping;
    this.openMetrics = writer.getContentType().startsWith("application/openmetrics-text");
  }

  /**
   * The whole exposition of {@code snapshots}, as the writer would produce it, in parts to be sent one after the
   * other: the cached arrays themselves, not a copy, so that a scrape allocates little beyond what changed.
   */
  List<byte[]> render(MetricSnapshots snapshots) throws IOException {
    Map<MetricSnapshot, byte[]> previous = last.get();
    Map<MetricSnapshot, byte[]> current = new IdentityHashMap<>(previous.size() * 2 + 16);
    List<MetricSnapshot> missing = new ArrayList<>();
    for (MetricSnapshot family : snapshots) {
      byte[] bytes = previous.get(family);
      if (bytes != null) {
        current.put(family, bytes);
      } else {
        missing.add(family);
      }
    }
    if (!missing.isEmpty()) {
      renderTogether(missing, current);
    }
    List<byte[]> parts = new ArrayList<>(snapshots.size() + 1);
    for (MetricSnapshot family : snapshots) {
      byte[] bytes = current.get(family);
      if (bytes.length > 0) {
        parts.add(bytes);
      }
    }
    if (openMetrics) {
      parts.add(EOF);
    }
    last.set(current);
    return parts;
  }

  /**
   * Renders the families in one writer call (each call allocates some 24 KB of buffers: one per family would make
   * a scrape's garbage grow with the family count) and cuts the text where each family begins: at a comment line
   * (HELP, TYPE, UNIT) that follows a sample line. Label values and help texts are escaped, so no line break
   * hides inside a line. If the cuts do not match the families that have samples, each is rendered alone.
   */
  private void renderTogether(List<MetricSnapshot> families, Map<MetricSnapshot, byte[]> into) throws IOException {
    byte[] all = write(families);
    List<MetricSnapshot> shown = families.stream().filter(f -> !f.getDataPoints().isEmpty()).toList();
    List<Integer> starts = familyStarts(all);
    if (starts.size() != shown.size()) {
      for (MetricSnapshot family : families) {
        into.put(family, write(List.of(family)));
      }
      return;
    }
    for (MetricSnapshot family : families) {
      into.put(family, NOTHING);
    }
    for (int i = 0; i < shown.size(); i++) {
      int to = i + 1 < starts.size() ? starts.get(i + 1) : all.length;
      into.put(shown.get(i), Arrays.copyOfRange(all, starts.get(i), to));
    }
  }

  /** Offsets where a family's text begins: a comment line at the start or right after a sample line. */
  static List<Integer> familyStarts(byte[] text) {
    List<Integer> starts = new ArrayList<>();
    boolean afterSample = true;
    int at = 0;
    while (at < text.length) {
      boolean comment = text[at] == '#';
      if (comment && afterSample) {
        starts.add(at);
      }
      afterSample = !comment;
      int newline = at;
      while (newline < text.length && text[newline] != '\n') {
        newline++;
      }
      at = newline + 1;
    }
    return starts;
  }

  /** The parts joined, for tests and callers that need one array. */
  static byte[] join(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(parts.stream().mapToInt(p -> p.length).sum());
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** The writer's text for these families, without OpenMetrics' closing {@code # EOF}. */
  private byte[] write(List<MetricSnapshot> families) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(families.size() * 512);
    writer.write(out, new MetricSnapshots(families), escaping);
    byte[] bytes = out.toByteArray();
    if (openMetrics && endsWith(bytes, EOF)) {
      bytes = Arrays.copyOf(bytes, bytes.length - EOF.length);
    }
    return bytes;
  }

  private static boolean endsWith(byte[] bytes, byte[] suffix) {
    return bytes.length >= suffix.length
        && Arrays.equals(bytes, bytes.length - suffix.length, bytes.length, suffix, 0, suffix.length);
  }
}

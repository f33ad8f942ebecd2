package io.github.redismem.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * One cluster-wide pass made of the passes of its shards, one per node, shaped like a single node's result so that
 * the report, {@code /report.json} and {@code analyze} read it unchanged. Every top key and finding example carries
 * its node ({@link TopKey#node()}). Pure: the parts are not changed.
 *
 * <p>The figures of the parts are added: keys, vanished keys, and every group's keys, bytes and bounds by its
 * identity (encodings by database, data type and encoding; prefixes by database and prefix; TTL groups by database
 * and bucket; findings by database and finding), histograms bucket by bucket. Bounds are added low to low and
 * high to high: the sum of 99% intervals is wider than the interval of the sum, never narrower. The rest:
 * <ul>
 *   <li>{@code finishedAt} is the oldest part's (the merged figures are as old as their oldest part);
 *       {@code duration} the longest; {@code redisTimeRatio} the highest (each shard runs on its own node, so no
 *       node carries the sum); {@code sampleRatio} the lowest: the shards share {@code sampling.sampleRatio}, so it
 *       is that value, and were they to differ the lowest keeps "estimated from a sample of" conservative;
 *       {@code thresholds} the first part's (a cluster shares its config; were they to differ, still the first).
 *   <li>Top keys: the biggest {@code topKeys} of all parts' (each part's top N holds every key of the cluster's
 *       top N that lives on its node). Finding examples likewise, at most 5 per finding and database.
 *   <li>Prefixes: summed, then per database the biggest {@code maxPrefixes} by bytes are kept (equal bytes by
 *       prefix, as a node's pass cuts them) and the rest folded into that database's {@code other}. A prefix one
 *       node folded into its own {@code other} cannot be taken back out of it: its merged figure then lacks that
 *       node's share, which stays in {@code other}.
 *   <li>Findings judged per prefix ({@code small_strings_groupable}, {@code long_key_names}) were judged on each
 *       node over that node's keys of the prefix; the merge adds what each node found.
 *   <li>Estimation: {@link PassResult.Estimation#EXACT} when no part was sampled; otherwise sampled, the largest
 *       big-key size, calibrated when every sampled part was, and the sampled parts' dataset, allocated and
 *       unattributed bytes added.
 *   <li>Threshold what-ifs: added per setting and current value ({@link ThresholdWhatIf#plus}); a node with no
 *       key over a threshold has no row for it and adds nothing.
 * </ul>
 */
public final class PassMerge {
  /** Biggest first; equal sizes by name, then node, as a node's pass orders them. */
  private static final Comparator<TopKey> BIGGEST_FIRST = Comparator.comparingLong(TopKey::bytes).reversed()
      .thenComparing(TopKey::key).thenComparing(TopKey::node);
  private static final Comparator<PassResult.PrefixGroup> BIGGEST_PREFIX_FIRST =
      Comparator.comparingDouble(PassResult.PrefixGroup::bytes).reversed()
          .thenComparing(PassResult.PrefixGroup::prefix);

  private PassMerge() {}

  /**
   * One node's pass.
   *
   * @param node {@code host:port} as the cluster announces it
   */
  public record NodePass(String node, PassResult pass) {
    public NodePass {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(pass, "pass");
    }
  }

  /**
   * The cluster-wide pass.
   *
   * @param topKeys top keys kept ({@code sampling.topKeys})
   * @param maxPrefixes prefixes kept per database before {@code other} ({@code sampling.maxPrefixes})
   * @return the one part with its node on its keys, if there is one part
   * @throws IllegalArgumentException if {@code passes} is empty
   */
  public static PassResult merge(List<NodePass> passes, int topKeys, int maxPrefixes) {
    if (passes.isEmpty()) {
      throw new IllegalArgumentException("no pass to merge");
    }
    List<PassResult> parts = passes.stream().map(PassMerge::withNode).toList();
    if (parts.size() == 1) {
      return parts.get(0);
    }
    PassResult first = parts.get(0);
    return new PassResult(
        parts.stream().map(PassResult::finishedAt).min(Comparator.naturalOrder()).orElseThrow(),
        parts.stream().map(PassResult::duration).max(Comparator.naturalOrder()).orElseThrow(),
        parts.stream().mapToDouble(PassResult::sampleRatio).min().orElseThrow(),
        parts.stream().mapToLong(PassResult::keysInspected).sum(),
        parts.stream().mapToLong(PassResult::keysVanished).sum(),
        parts.stream().mapToDouble(PassResult::redisTimeRatio).max().orElseThrow(),
        first.thresholds(),
        sum(parts, PassResult::encodings, Comparator.comparingInt(PassResult.EncodingGroup::db)
            .thenComparing(PassResult.EncodingGroup::dataType).thenComparing(PassResult.EncodingGroup::encoding),
            (a, b) -> new PassResult.EncodingGroup(a.db(), a.dataType(), a.encoding(), a.keys() + b.keys(),
                a.bytes() + b.bytes(), a.keysBounds().plus(b.keysBounds()), a.bytesBounds().plus(b.bytesBounds()))),
        histograms(parts, PassResult::memoryHistograms),
        histograms(parts, PassResult::elementHistograms),
        parts.stream().map(PassResult::stringLengths).reduce(Histogram.Snapshot::plus).orElseThrow(),
        biggest(parts.stream().flatMap(p -> p.topKeys().stream()).toList(), topKeys),
        prefixes(parts, maxPrefixes),
        sum(parts, PassResult::ttls, Comparator.comparingInt(PassResult.TtlGroup::db)
            .thenComparing(PassResult.TtlGroup::bucket),
            (a, b) -> new PassResult.TtlGroup(a.db(), a.bucket(), a.keys() + b.keys(), a.bytes() + b.bytes(),
                a.keysBounds().plus(b.keysBounds()), a.bytesBounds().plus(b.bytesBounds()))),
        sum(parts, PassResult::findings, Comparator.comparingInt(PassResult.FindingGroup::db)
            .thenComparing(PassResult.FindingGroup::finding), PassMerge::plus),
        estimation(parts),
        whatIfs(parts));
  }

  /** The part with its node on every top key and finding example. */
  private static PassResult withNode(NodePass part) {
    PassResult p = part.pass();
    Function<List<TopKey>, List<TopKey>> on = keys -> keys.stream().map(k -> k.withNode(part.node())).toList();
    List<PassResult.FindingGroup> findings = p.findings().stream()
        .map(f -> new PassResult.FindingGroup(f.db(), f.finding(), f.keys(), f.bytes(), f.reclaimableBytes(),
            on.apply(f.examples()), f.keysBounds(), f.bytesBounds()))
        .toList();
    return new PassResult(p.finishedAt(), p.duration(), p.sampleRatio(), p.keysInspected(), p.keysVanished(),
        p.redisTimeRatio(), p.thresholds(), p.encodings(), p.memoryHistograms(), p.elementHistograms(),
        p.stringLengths(), on.apply(p.topKeys()), p.prefixes(), p.ttls(), findings, p.estimation(), p.whatIfs());
  }

  /** The groups of every part, those the same by {@code same} added together, in {@code same}'s order. */
  private static <G> List<G> sum(List<PassResult> parts, Function<PassResult, List<G>> groups, Comparator<G> same,
      BinaryOperator<G> plus) {
    TreeMap<G, G> out = new TreeMap<>(same);
    parts.forEach(p -> groups.apply(p).forEach(g -> out.merge(g, g, plus)));
    return List.copyOf(out.values());
  }

  private static List<TopKey> biggest(List<TopKey> keys, int limit) {
    return keys.stream().sorted(BIGGEST_FIRST).limit(limit).toList();
  }

  private static PassResult.FindingGroup plus(PassResult.FindingGroup a, PassResult.FindingGroup b) {
    List<TopKey> examples = new ArrayList<>(a.examples());
    examples.addAll(b.examples());
    return new PassResult.FindingGroup(a.db(), a.finding(), a.keys() + b.keys(), a.bytes() + b.bytes(),
        a.reclaimableBytes() + b.reclaimableBytes(), biggest(examples, PassAggregator.EXAMPLES),
        a.keysBounds().plus(b.keysBounds()), a.bytesBounds().plus(b.bytesBounds()));
  }

  private static PassResult.PrefixGroup plus(PassResult.PrefixGroup a, PassResult.PrefixGroup b) {
    return new PassResult.PrefixGroup(a.db(), a.prefix(), a.keys() + b.keys(), a.bytes() + b.bytes(),
        a.keysWithoutTtl() + b.keysWithoutTtl(), a.bytesBounds().plus(b.bytesBounds()));
  }

  private static Map<DataType, Histogram.Snapshot> histograms(List<PassResult> parts,
      Function<PassResult, Map<DataType, Histogram.Snapshot>> histograms) {
    Map<DataType, Histogram.Snapshot> out = new EnumMap<>(DataType.class);
    parts.forEach(p -> histograms.apply(p).forEach((type, h) -> out.merge(type, h, Histogram.Snapshot::plus)));
    return Map.copyOf(out);
  }

  /** Summed by database and prefix, then cut per database as {@link PrefixGroups} cuts one node's. */
  private static List<PassResult.PrefixGroup> prefixes(List<PassResult> parts, int maxPrefixes) {
    List<PassResult.PrefixGroup> summed = sum(parts, PassResult::prefixes,
        Comparator.comparingInt(PassResult.PrefixGroup::db).thenComparing(PassResult.PrefixGroup::prefix),
        PassMerge::plus);
    Map<Integer, List<PassResult.PrefixGroup>> byDb = new TreeMap<>();
    summed.forEach(g -> byDb.computeIfAbsent(g.db(), db -> new ArrayList<>()).add(g));
    List<PassResult.PrefixGroup> out = new ArrayList<>();
    byDb.forEach((db, groups) -> {
      PassResult.PrefixGroup other = groups.stream().filter(g -> g.prefix().equals(PrefixTable.OTHER)).findFirst()
          .orElse(null);
      List<PassResult.PrefixGroup> named = groups.stream().filter(g -> !g.prefix().equals(PrefixTable.OTHER))
          .sorted(BIGGEST_PREFIX_FIRST).toList();
      for (int i = 0; i < named.size(); i++) {
        PassResult.PrefixGroup g = named.get(i);
        if (i < maxPrefixes) {
          out.add(g);
        } else {
          PassResult.PrefixGroup folded = new PassResult.PrefixGroup(db, PrefixTable.OTHER, g.keys(), g.bytes(),
              g.keysWithoutTtl(), g.bytesBounds());
          other = other == null ? folded : plus(other, folded);
        }
      }
      if (other != null && other.keys() > 0) {
        out.add(other);
      }
    });
    return List.copyOf(out);
  }

  private static PassResult.Estimation estimation(List<PassResult> parts) {
    List<PassResult.Estimation> sampled = parts.stream().map(PassResult::estimation)
        .filter(PassResult.Estimation::sampled).toList();
    if (sampled.isEmpty()) {
      return PassResult.Estimation.EXACT;
    }
    return new PassResult.Estimation(true,
        sampled.stream().mapToLong(PassResult.Estimation::bigKeyBytes).max().orElseThrow(),
        sampled.stream().allMatch(PassResult.Estimation::calibrated),
        sampled.stream().mapToDouble(PassResult.Estimation::datasetBytes).sum(),
        sampled.stream().mapToDouble(PassResult.Estimation::allocatedBytes).sum(),
        sampled.stream().mapToDouble(PassResult.Estimation::unattributedBytes).sum());
  }

  /** Added per setting and current value, in the order the parts first give them. */
  private static List<ThresholdWhatIf> whatIfs(List<PassResult> parts) {
    Map<String, ThresholdWhatIf> out = new LinkedHashMap<>();
    parts.forEach(p -> p.whatIfs().forEach(w -> out.merge(w.setting() + "=" + w.current(), w,
        ThresholdWhatIf::plus)));
    return List.copyOf(out.values());
  }
}

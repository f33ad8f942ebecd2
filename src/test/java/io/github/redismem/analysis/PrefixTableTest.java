package io.github.redismem.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bounded table of prefixes: the first {@code capacity} prefixes seen are tracked, later ones are other. */
class PrefixTableTest {
  @Test
  void prefixesFirstSeenOnceFullCountAsOther() {
    PrefixTable t = new PrefixTable(2);
    Stratum a = t.stratum("a:");
    Stratum b = t.stratum("b:");
    Stratum c = t.stratum("c:");
    assertThat(t.stratum("a:")).isSameAs(a);
    assertThat(t.isOther(a)).isFalse();
    assertThat(t.isOther(b)).isFalse();
    assertThat(t.isOther(c)).isTrue();
    assertThat(t.stratum("d:")).isSameAs(c);
    // a tracked prefix stays tracked: the table is full, not closed
    assertThat(t.stratum("b:")).isSameAs(b);
  }

  @Test
  void aPrefixNamedOtherFallsInTheOtherBucketRatherThanShadowingIt() {
    PrefixTable t = new PrefixTable(10);
    assertThat(t.isOther(t.stratum(PrefixTable.OTHER))).isTrue();
    assertThat(t.tracked()).isEmpty();
  }

  @Test
  void otherIsListedLastAndOnlyWithKeys() {
    PrefixTable t = new PrefixTable(1);
    t.stratum("a:").names++;
    assertThat(t.all()).containsOnlyKeys("a:");
    t.stratum("b:").names++;
    assertThat(t.all().keySet()).containsExactly("a:", PrefixTable.OTHER);
    assertThat(t.tracked()).extracting(java.util.Map.Entry::getKey).containsExactly("a:");
  }

  @Test
  void otherWithInspectedKeysButNoNamesIsListed() {
    PrefixTable t = new PrefixTable(0);
    t.stratum("a:").all.add(100, false, false, 0);
    assertThat(t.all()).containsOnlyKeys(PrefixTable.OTHER);
  }

  @Test
  void trackedKeepsTheOrderFirstSeen() {
    PrefixTable t = new PrefixTable(5);
    t.stratum("z:");
    t.stratum("a:");
    t.stratum("m:");
    assertThat(t.tracked()).extracting(java.util.Map.Entry::getKey).containsExactly("z:", "a:", "m:");
  }
}

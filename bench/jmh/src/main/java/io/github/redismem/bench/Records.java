package io.github.redismem.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds a record through its canonical constructor from values named by component, so that a component added to a
 * settings record while the main sources change (SamplingSettings gains them now and then) does not break the
 * benchmarks: components not named get false, 0 or null, values for components that no longer exist are dropped,
 * and both are reported on stderr.
 */
public final class Records {
  private Records() {}

  public static <R extends Record> R make(Class<R> type, Map<String, ?> values) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    TreeSet<String> unused = new TreeSet<>(values.keySet());
    TreeSet<String> defaulted = new TreeSet<>();
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      if (values.containsKey(c.getName())) {
        args[i] = values.get(c.getName());
        unused.remove(c.getName());
      } else {
        args[i] = zero(c.getType());
        defaulted.add(c.getName());
      }
    }
    if (!unused.isEmpty()) {
      System.err.println("[bench] " + type.getSimpleName() + " no longer has components " + unused + "; ignored");
    }
    if (!defaulted.isEmpty()) {
      System.err.println("[bench] " + type.getSimpleName() + ": components not set by the benchmark, defaulted: "
          + defaulted);
    }
    try {
      Constructor<R> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getName(), e);
    }
  }

  private static Object zero(Class<?> t) {
    if (t == boolean.class) {
      return false;
    }
    if (t == int.class) {
      return 0;
    }
    if (t == long.class) {
      return 0L;
    }
    if (t == double.class) {
      return 0.0;
    }
    if (t.isPrimitive()) {
      throw new IllegalArgumentException("no default for " + t);
    }
    return null;
  }
}

/**
 * The README's first command ({@code ./mvnw -q -Pdemo}): a throwaway Redis filled with a dataset showing every
 * finding, and the exporter watching it. Test code, because it reuses the test harness's Redis binaries and dataset.
 */
package io.github.redismem.demo;

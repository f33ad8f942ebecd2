/**
 * Test harness that runs integration tests against throwaway real Redis servers, once per available Redis version.
 */
package io.github.redismem.testing;

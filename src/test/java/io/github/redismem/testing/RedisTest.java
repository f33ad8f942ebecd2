package io.github.redismem.testing;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test method once per Redis version found by {@link RedisBinaries#all()}, passing it a {@link RedisBinary};
 * the invocations are named like {@code [redis 7.0.15 system]} and {@code [redis 6.2.11 embedded]}.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(RedisVersionsExtension.class)
public @interface RedisTest {
}

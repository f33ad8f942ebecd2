package io.github.redismem.testing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisVersionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d7c971a948f0 | 7.0.15
            Redis server v=6.2.11 sha=00000000:0 malloc=jemalloc-5.1.0 bits=64 build=f5b1f28871c566b4 | 6.2.11
            Redis server v=7.2.4 sha=00000000:0 malloc=libc bits=64 build=1                           | 7.2.4
            """)
    void readsVersionOutput(String output, String expected) {
        assertThat(RedisVersion.fromVersionOutput(output)).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "7.0.15, 7, 0, true",
        "7.0.15, 7, 1, false",
        "7.0.15, 6, 2, true",
        "6.2.11, 7, 0, false",
        "6.2.11, 6, 2, true",
        "7.0,    7, 0, true",
    })
    void comparesMajorAndMinor(String version, int major, int minor, boolean atLeast) {
        assertThat(RedisVersion.parse(version).atLeast(major, minor)).isEqualTo(atLeast);
    }

    @Test
    void keepsAnImageTagWithoutPatch() {
        assertThat(RedisVersion.parse("7.0")).hasToString("7.0");
    }

    @Test
    void rejectsOutputWithoutVersion() {
        assertThatThrownBy(() -> RedisVersion.fromVersionOutput("redis-server: command not found"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command not found");
    }
}

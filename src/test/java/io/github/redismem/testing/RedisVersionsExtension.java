package io.github.redismem.testing;

import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.List;
import java.util.stream.Stream;

/** The JUnit 5 side of {@link RedisTest}: one invocation per available {@link RedisBinary}. */
public final class RedisVersionsExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, RedisTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        // RedisBinaries.all() throws with a clear message when CI lacks a binary; JUnit reports it on the test.
        return RedisBinaries.all().stream().map(Invocation::new);
    }

    private record Invocation(RedisBinary binary) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[redis " + binary.version() + " " + binary.label() + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new BinaryParameter(binary));
        }
    }

    private record BinaryParameter(RedisBinary binary) implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RedisBinary.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return binary;
        }
    }
}

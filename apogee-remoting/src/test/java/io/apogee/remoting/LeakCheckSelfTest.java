package io.apogee.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.Properties;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves that a module's leak check can fail: a module's one-line subclass runs it with that module's own
 * test set-up, so a module whose surefire level, log appender or extension registration is missing fails
 * here instead of passing every test while leaking.
 */
public abstract class LeakCheckSelfTest {

    @Test
    void theDetectorTracksEveryBuffer() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void theLeakCheckRunsAfterEveryTestClass() throws IOException {
        assertThat(ServiceLoader.load(Extension.class).stream().map(ServiceLoader.Provider::type))
                .contains(NoLeaksExtension.class);
        Properties platform = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("junit-platform.properties")) {
            assertThat(in).as("junit-platform.properties on the test class path").isNotNull();
            platform.load(in);
        }
        assertThat(platform.getProperty("junit.jupiter.extensions.autodetection.enabled")).isEqualTo("true");
    }

    @Test
    void aBufferNeverReleasedFailsTheCheck() {
        leakOneBuffer();
        ExtensionContext context = (ExtensionContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ExtensionContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getDisplayName")) {
                        return "the leaking test";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        assertThatThrownBy(() -> checkUntilReported(context))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("buffer leak")
                .hasMessageContaining("the leaking test");
    }

    /** Runs the check until it reports: a collection may need more than one round to find the buffer. */
    private static void checkUntilReported(ExtensionContext context) throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            new NoLeaksExtension().afterAll(context);
        }
    }

    private static void leakOneBuffer() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        buffer.writeLong(42);
    }
}

package io.apogee.test.spring;

import io.apogee.test.ApogeeTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.List;
import java.util.Map;

/**
 * Points a Spring test context at the embedded Apogee of an {@link ApogeeTest} class: the context gets
 * {@code rocketmq.name-server} (rocketmq-spring-boot-starter's key) set to the running name server, so
 * {@code RocketMQTemplate} and {@code @RocketMQMessageListener} beans talk to it with no other set-up.
 * Registered in {@code META-INF/spring.factories}; Spring's test framework finds it when on the class path.
 *
 * <p>The embedded Apogee starts before Spring builds the context (the extension's {@code beforeAll} runs
 * first), and its address is read from {@code rocketmq.namesrv.addr}. Each annotated class gets a context of
 * its own, since each has its own broker.
 */
public final class ApogeeContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        return AnnotatedElementUtils.hasAnnotation(testClass, ApogeeTest.class) ? new NameServer(testClass) : null;
    }

    /** Adds the name-server address as a property source of highest precedence. */
    private record NameServer(Class<?> testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            String address = System.getProperty("rocketmq.namesrv.addr");
            if (address == null) {
                throw new IllegalStateException(testClass.getName() + " is an @ApogeeTest, but no embedded Apogee is"
                        + " running: put @ApogeeTest before Spring's test annotations so it starts first");
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("apogee",
                    Map.of("rocketmq.name-server", address)));
        }
    }
}

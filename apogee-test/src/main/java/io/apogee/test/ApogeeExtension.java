package io.apogee.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;

/**
 * The JUnit 5 extension behind {@link ApogeeTest}: starts an {@link EmbeddedApogee} before the class (or
 * before each method when {@code perMethod}), injects it into parameters and fields of its type, points
 * {@code rocketmq.namesrv.addr} at it. It lives in the class's (or method's) extension store, which JUnit
 * closes afterwards: that closes it and restores the property.
 *
 * <p>Usable with {@code @ExtendWith(ApogeeExtension.class)} too; without {@link ApogeeTest} the defaults apply.
 */
public final class ApogeeExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    static final String NAMESRV_PROPERTY = "rocketmq.namesrv.addr";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ApogeeExtension.class);
    private static final String RUNNING = "running";

    /** One embedded Apogee and the property value it replaced; closing restores the property. */
    private record Running(EmbeddedApogee apogee, String previousProperty)
            implements ExtensionContext.Store.CloseableResource {

        static Running start(ApogeeOptions options) {
            EmbeddedApogee apogee = EmbeddedApogee.start(options);
            String previous = System.getProperty(NAMESRV_PROPERTY);
            System.setProperty(NAMESRV_PROPERTY, apogee.namesrvAddr());
            return new Running(apogee, previous);
        }

        @Override
        public void close() {
            apogee.close();
            if (previousProperty == null) {
                System.clearProperty(NAMESRV_PROPERTY);
            } else {
                System.setProperty(NAMESRV_PROPERTY, previousProperty);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        if (!perMethod(context)) {
            Running running = context.getStore(NAMESPACE).getOrComputeIfAbsent(RUNNING,
                    key -> Running.start(options(context)), Running.class);
            injectFields(context.getRequiredTestClass(), null, running.apogee(), true);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        Running running = perMethod(context)
                ? context.getStore(NAMESPACE).getOrComputeIfAbsent(RUNNING, key -> Running.start(options(context)),
                        Running.class)
                : find(context);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(instance.getClass(), instance, running.apogee(), false);
        }
        if (perMethod(context)) {
            injectFields(context.getRequiredTestClass(), null, running.apogee(), true);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedApogee.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (perMethod(context) && context.getTestMethod().isPresent()) {
            return context.getStore(NAMESPACE).getOrComputeIfAbsent(RUNNING, key -> Running.start(options(context)),
                    Running.class).apogee();
        }
        return find(context).apogee();
    }

    private static Running find(ExtensionContext context) {
        for (ExtensionContext at = context; at != null; at = at.getParent().orElse(null)) {
            Running running = at.getStore(NAMESPACE).get(RUNNING, Running.class);
            if (running != null) {
                return running;
            }
        }
        throw new IllegalStateException("no embedded Apogee is running for " + context.getDisplayName());
    }

    private static void injectFields(Class<?> type, Object instance, EmbeddedApogee apogee, boolean statics)
            throws IllegalAccessException {
        for (Class<?> at = type; at != null && at != Object.class; at = at.getSuperclass()) {
            for (Field field : at.getDeclaredFields()) {
                if (field.getType() == EmbeddedApogee.class && Modifier.isStatic(field.getModifiers()) == statics) {
                    field.setAccessible(true);
                    field.set(instance, apogee);
                }
            }
        }
    }

    private static boolean perMethod(ExtensionContext context) {
        return annotation(context).map(ApogeeTest::perMethod).orElse(false);
    }

    private static Optional<ApogeeTest> annotation(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), ApogeeTest.class);
    }

    static ApogeeOptions options(ExtensionContext context) {
        ApogeeOptions options = ApogeeOptions.defaults();
        annotation(context).ifPresent(a -> {
            options.autoCreateTopics(a.autoCreateTopics()).sqlFilters(a.sqlFilters())
                    .unsafeSkipFsync(a.unsafeSkipFsync()).shortDelayLevels(a.shortDelayLevels());
            for (String topic : a.topics()) {
                int colon = topic.lastIndexOf(':');
                options.topic(colon < 0 ? topic : topic.substring(0, colon),
                        colon < 0 ? 4 : Integer.parseInt(topic.substring(colon + 1)));
            }
            List.of(a.groups()).forEach(options::group);
            for (String entry : a.brokerConfig()) {
                int equals = entry.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("brokerConfig entry '" + entry + "' is not key=value");
                }
                options.brokerConfig(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
            }
        });
        return options;
    }
}

package io.apogee.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a JUnit 5 test class against an embedded Apogee name server and broker ({@link EmbeddedApogee}), started
 * once for the class, or once per test method with {@code perMethod = true}. A test method or constructor
 * parameter of type {@link EmbeddedApogee}, or a field of that type, receives it, and the system property
 * {@code rocketmq.namesrv.addr} points at it while it runs, so official clients created without an address
 * find it.
 *
 * <pre>{@code
 * @ApogeeTest(topics = "Orders:4")
 * class OrderTest {
 *     @Test
 *     void sends(EmbeddedApogee apogee) throws Exception { ... apogee.namesrvAddr() ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ApogeeExtension.class)
public @interface ApogeeTest {

    /** A fresh name server and broker for every test method, so each sees empty topics. */
    boolean perMethod() default false;

    /** Whether a send to an unknown topic creates it. */
    boolean autoCreateTopics() default true;

    /** Topics created before the tests, as {@code name} (4 queues) or {@code name:queues}. */
    String[] topics() default {};

    /** Consumer groups created before the tests. */
    String[] groups() default {};

    /** Broker or store keys of a broker.conf, as {@code key=value}. */
    String[] brokerConfig() default {};

    /** Serves SQL92 property filters. */
    boolean sqlFilters() default false;

    /** UNSAFE outside tests: the store never forces its files to disk; see {@link ApogeeOptions#unsafeSkipFsync}. */
    boolean unsafeSkipFsync() default false;

    /** Delay levels a hundredth of RocketMQ's, see {@link ApogeeOptions#SHORT_DELAY_LEVELS}. */
    boolean shortDelayLevels() default false;
}

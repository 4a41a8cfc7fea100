/**
 * Spring test support: with Spring's test framework on the class path, an {@link io.apogee.test.ApogeeTest}
 * class's application context points rocketmq-spring-boot-starter at the embedded Apogee.
 */
package io.apogee.test.spring;

/**
 * Apogee in a test: {@link io.apogee.test.EmbeddedApogee} runs a name server and a broker in the test's JVM on
 * free loopback ports, and {@link io.apogee.test.ApogeeTest} does it for a JUnit 5 class or method.
 */
package io.apogee.test;

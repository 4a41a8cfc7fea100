package io.apogee.remoting;

/** This module's tests run under the leak check, and the check can fail. */
class RemotingLeakCheckTest extends LeakCheckSelfTest {
}

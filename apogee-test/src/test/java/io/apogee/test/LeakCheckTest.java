package io.apogee.test;

import io.apogee.remoting.LeakCheckSelfTest;

/** This module's tests run under the leak check, and the check can fail. */
class LeakCheckTest extends LeakCheckSelfTest {
}

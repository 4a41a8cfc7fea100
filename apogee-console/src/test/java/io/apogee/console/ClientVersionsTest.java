package io.apogee.console;

import org.apache.rocketmq.common.MQVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The console names a client's version number as RocketMQ 5.3.3's own table does. */
class ClientVersionsTest {

    @Test
    void everyVersionFrom400To599IsNamedAsTheOfficialClientNamesIt() {
        int named = 0;
        for (MQVersion.Version version : MQVersion.Version.values()) {
            if (version.name().matches("V[45]_\\d_\\d(_SNAPSHOT)?")) {
                assertThat(ClientVersions.name(version.ordinal())).isEqualTo(version.name());
                named++;
            }
        }
        assertThat(named).isEqualTo(400);
        assertThat(ClientVersions.name(MQVersion.Version.V5_3_3.ordinal())).isEqualTo("V5_3_3");
        assertThat(ClientVersions.name(15)).as("3.x numbers stay numbers").isEqualTo("15");
        assertThat(ClientVersions.name(MQVersion.Version.HIGHER_VERSION.ordinal())).isEqualTo("612");
    }
}

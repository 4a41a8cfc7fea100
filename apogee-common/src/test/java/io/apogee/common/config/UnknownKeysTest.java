package io.apogee.common.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownKeysTest {

    private static final Set<String> KNOWN = Set.of("brokerName", "brokerClusterName", "fileReservedTime",
            "listenPort", "deleteWhen");

    @Test
    void aMisspeltKeyIsToldTheKeyItProbablyMeant() {
        assertThat(UnknownKeys.closest("brokerNmae", KNOWN)).isEqualTo("brokerName");
        assertThat(UnknownKeys.closest("fileReservedTim", KNOWN)).isEqualTo("fileReservedTime");
        assertThat(UnknownKeys.closest("listenport", KNOWN)).as("case is ignored").isEqualTo("listenPort");
        assertThat(UnknownKeys.closest("deletewhen", KNOWN)).isEqualTo("deleteWhen");
    }

    @Test
    void aKeyNearNoneIsToldNone() {
        assertThat(UnknownKeys.closest("colour", KNOWN)).isNull();
        assertThat(UnknownKeys.closest("enableFooBarBaz", KNOWN)).isNull();
    }

    @Test
    void theMessageNamesWhoseKeysTheyAreAndListsTheKnownKeysOnlyWhenSomeKeyIsNearNone() {
        assertThat(UnknownKeys.describe("broker configuration", List.of("brokerNmae"), KNOWN))
                .isEqualTo("unknown broker configuration key(s): 'brokerNmae' (did you mean 'brokerName'?)");
        assertThat(UnknownKeys.describe("name server configuration", List.of("brokerNmae", "colour"), KNOWN))
                .startsWith("unknown name server configuration key(s): 'brokerNmae' (did you mean 'brokerName'?), "
                        + "'colour'; known keys: [brokerClusterName, brokerName, deleteWhen, fileReservedTime, listenPort]");
    }
}

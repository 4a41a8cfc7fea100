package io.apogee.test;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** With perMethod, every test gets its own name server and broker, so each sees an empty topic. */
@ApogeeTest(perMethod = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerMethodIsolationTest {

    private static String firstAddress;

    @Test
    @Order(1)
    void theFirstTestSendsOneMessage(EmbeddedApogee apogee) {
        firstAddress = apogee.namesrvAddr();
        assertThat(apogee.readAll("Isolated")).isEmpty();
        apogee.send("Isolated", "first");
        assertThat(apogee.awaitMessages("Isolated", 1, Duration.ofSeconds(10))).hasSize(1);
    }

    @Test
    @Order(2)
    void theSecondTestSeesAnEmptyTopicOnAnotherBroker(EmbeddedApogee apogee) {
        assertThat(apogee.namesrvAddr()).isNotEqualTo(firstAddress);
        assertThat(apogee.readAll("Isolated")).isEmpty();
        apogee.send("Isolated", "second");
        assertThat(apogee.awaitMessages("Isolated", 1, Duration.ofSeconds(10))).hasSize(1);
    }
}

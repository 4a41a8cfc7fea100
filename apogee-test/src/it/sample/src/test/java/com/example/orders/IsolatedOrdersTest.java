package com.example.orders;

import io.apogee.test.ApogeeTest;
import io.apogee.test.EmbeddedApogee;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code perMethod = true} each test gets its own broker: whichever of the two runs second still starts
 * from an empty topic.
 */
@ApogeeTest(topics = "Returns:1", perMethod = true)
class IsolatedOrdersTest {

    @Test
    void oneTestSeesAnEmptyTopic(EmbeddedApogee apogee) {
        sendOneToAnEmptyTopic(apogee, "first");
    }

    @Test
    void theOtherTestSeesAnEmptyTopicToo(EmbeddedApogee apogee) {
        sendOneToAnEmptyTopic(apogee, "second");
    }

    private static void sendOneToAnEmptyTopic(EmbeddedApogee apogee, String body) {
        assertThat(apogee.readAll("Returns")).isEmpty();
        apogee.send("Returns", body);
        assertThat(apogee.awaitMessages("Returns", 1, Duration.ofSeconds(30))).hasSize(1);
    }
}

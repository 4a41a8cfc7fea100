package io.apogee.test;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** One embedded Apogee for the class, injected into a static field, an instance field and a parameter. */
@ApogeeTest(topics = "Prepared:2", groups = "prepared_group", brokerConfig = "defaultTopicQueueNums=3")
class ApogeeExtensionTest {

    static EmbeddedApogee shared;
    EmbeddedApogee injected;

    @Test
    void theSameApogeeReachesFieldsAndParametersAndThePropertyPointsAtIt(EmbeddedApogee parameter) {
        assertThat(parameter).isSameAs(shared).isSameAs(injected);
        assertThat(System.getProperty("rocketmq.namesrv.addr")).isEqualTo(parameter.namesrvAddr());
    }

    @Test
    void aProducerWithoutAnAddressFindsItThroughTheProperty(EmbeddedApogee apogee) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("property_producer");
        producer.setInstanceName("extension-test");
        producer.start();
        try {
            assertThat(producer.send(new Message("Prepared", "via the property".getBytes(StandardCharsets.UTF_8)))
                    .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        } finally {
            producer.shutdown();
        }
        assertThat(apogee.readAll("Prepared")).isNotEmpty();
    }

    @Test
    void topicsAndGroupsNamedUpFrontExist(EmbeddedApogee apogee) {
        assertThat(apogee.broker().store()).isNotNull();
        // The group never consumed, so everything the class's other tests sent to the topic is its lag.
        assertThat(apogee.lag("prepared_group", "Prepared")).isEqualTo(apogee.readAll("Prepared").size());
        apogee.send("Fresh", "auto-created with the configured queue count");
        assertThat(apogee.awaitMessages("Fresh", 1, java.time.Duration.ofSeconds(10))).hasSize(1);
    }
}

package io.apogee.broker;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerConfigTest {

    @Test
    void threadPoolSizesUseRocketMqKeysAndDefaults() {
        BrokerConfig defaults = BrokerConfig.from(new Properties());
        assertThat(defaults.sendMessageThreadPoolNums()).isEqualTo(2);
        assertThat(defaults.pullMessageThreadPoolNums()).isEqualTo(4);

        Properties conf = new Properties();
        conf.setProperty("sendMessageThreadPoolNums", "1");
        conf.setProperty("pullMessageThreadPoolNums", "8");
        BrokerConfig config = BrokerConfig.from(conf);
        assertThat(config.sendMessageThreadPoolNums()).isEqualTo(1);
        assertThat(config.pullMessageThreadPoolNums()).isEqualTo(8);
    }

    @Test
    void aPoolWithoutThreadsIsRefusedNamingTheKey() {
        Properties conf = new Properties();
        conf.setProperty("pullMessageThreadPoolNums", "0");
        assertThatThrownBy(() -> BrokerConfig.from(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pullMessageThreadPoolNums").hasMessageContaining("positive");
    }
}

package io.apogee.broker.schedule;

import io.apogee.broker.BrokerConfig;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelayLevelsTest {

    @Test
    void rocketmqsDefaultLevelsRunFromOneSecondToTwoHours() {
        DelayLevels levels = DelayLevels.parse(DelayLevels.DEFAULT);
        assertThat(levels.count()).isEqualTo(18);
        assertThat(levels.delayMillis(1)).isEqualTo(1_000);
        assertThat(levels.delayMillis(3)).isEqualTo(10_000);
        assertThat(levels.delayMillis(5)).isEqualTo(60_000);
        assertThat(levels.delayMillis(18)).isEqualTo(7_200_000);
    }

    @Test
    void everyUnitParsesAndLevelsAreClampedIntoRange() {
        DelayLevels levels = DelayLevels.parse(" 250ms  2s 3m 1h 1d ");
        assertThat(levels.delayMillis(1)).isEqualTo(250);
        assertThat(levels.delayMillis(2)).isEqualTo(2_000);
        assertThat(levels.delayMillis(3)).isEqualTo(180_000);
        assertThat(levels.delayMillis(4)).isEqualTo(3_600_000);
        assertThat(levels.delayMillis(5)).isEqualTo(86_400_000);
        assertThat(levels.clamp(0)).isEqualTo(1);
        assertThat(levels.clamp(99)).isEqualTo(5);
        assertThat(levels.text()).isEqualTo("250ms 2s 3m 1h 1d");
    }

    @Test
    void aBadLevelListFailsStartUpNamingTheKey() {
        assertThatThrownBy(() -> DelayLevels.parse("1s 5x")).hasMessageContaining("5x");
        assertThatThrownBy(() -> DelayLevels.parse("0s")).hasMessageContaining("not positive");
        Properties conf = new Properties();
        conf.setProperty(BrokerConfig.MESSAGE_DELAY_LEVEL, "1s fast");
        assertThatThrownBy(() -> BrokerConfig.from(conf)).hasMessageContaining("messageDelayLevel");
    }
}

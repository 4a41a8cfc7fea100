package io.apogee.store;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageStoreConfigTest {

    @Test
    void defaultsFollowRocketMq() {
        MessageStoreConfig config = MessageStoreConfig.from(Map.of());
        assertThat(config.mappedFileSizeCommitLog()).isEqualTo(128 << 20);
        assertThat(config.flushDiskType()).isEqualTo(FlushDiskType.ASYNC_FLUSH);
        assertThat(config.flushIntervalCommitLog()).isEqualTo(500);
        assertThat(config.syncFlushTimeout()).isEqualTo(5000);
        assertThat(config.maxMessageSize()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.fileReservedTimeHours()).isEqualTo(72);
        assertThat(config.isDeleteHour(4)).isTrue();
        assertThat(config.isDeleteHour(5)).isFalse();
        assertThat(config.diskMaxUsedSpaceRatio()).isEqualTo(75);
        assertThat(config.diskSpaceWarningLevelRatio()).isEqualTo(90);
    }

    @Test
    void unknownKeysAndBadValuesFailNamingTheKey() {
        assertThatThrownBy(() -> MessageStoreConfig.from(Map.of("flushDiskTyp", "SYNC_FLUSH")))
                .hasMessageContaining("flushDiskTyp");
        assertThatThrownBy(() -> MessageStoreConfig.from(Map.of("flushIntervalCommitLog", "soon", "deleteWhen", "25")))
                .hasMessageContaining("flushIntervalCommitLog=soon").hasMessageContaining("deleteWhen=25");
        assertThatThrownBy(() -> MessageStoreConfig.from(Map.of("mapedFileSizeConsumeQueue", "30")))
                .hasMessageContaining("mapedFileSizeConsumeQueue");
        assertThat(MessageStoreConfig.from(Map.of("flushDiskType", "SYNC_FLUSH", "deleteWhen", "04;16"))
                .isDeleteHour(16)).isTrue();
    }
}

package io.apogee.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DiskSpaceTest {

    @TempDir
    Path dir;
    MappedMessageStore store;
    final AtomicReference<Double> usage = new AtomicReference<>(0.5);

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    private int fill(String topic, int count) {
        int ok = 0;
        for (int i = 0; i < count; i++) {
            if (store.append(single(topic, 0, new byte[1000], Map.of())) == AppendStatus.PUT_OK) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void fullDiskRefusesAppendsKeepsReadsAndRecovers() throws Exception {
        store = start(smallConfig(dir), path -> usage.get());
        assertThat(fill("Full", 20)).isEqualTo(20);
        usage.set(0.95);
        await().until(store::isDiskFull);
        AppendRequest refused = single("Full", 0, "no room");
        assertThat(store.append(refused)).isEqualTo(AppendStatus.DISK_FULL);
        assertThat(store.appendAsync(single("Full", 0, "no room")).get()).isEqualTo(AppendStatus.DISK_FULL);
        await().until(() -> store.maxOffsetInQueue("Full", 0) == 20);
        assertThat(store.getMessage("Full", 0, 0, 32, 1 << 20, null).messageCount()).isEqualTo(20);

        usage.set(0.5);
        await().until(() -> !store.isDiskFull());
        assertThat(fill("Full", 5)).isEqualTo(5);
        store.shutdown();
        store = start(smallConfig(dir), path -> 0.5);
        assertThat(store.maxOffsetInQueue("Full", 0)).isEqualTo(25);
        assertThat(store.getMessage("Full", 0, 0, 32, 1 << 20, null).messageCount()).isEqualTo(25);
    }

    @Test
    void diskPressureDeletesExpiredFilesAtAnyHourAndMovesMinOffsets() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, "600000");
        store = start(config, path -> usage.get());
        fill("Old", 300);
        await().until(() -> store.maxOffsetInQueue("Old", 0) == 300);
        assertThat(store.commitLogMinOffset()).isZero();
        usage.set(0.8);
        // Four days on, outside the delete hour (04): only the disk pressure lets the expired files go now.
        store.runRetention(ZonedDateTime.now(ZoneId.systemDefault()).plusDays(4).withHour(5).toInstant().toEpochMilli());
        assertThat(store.commitLogMinOffset()).isPositive();
        assertThat(store.isDiskFull()).isFalse();
        long min = store.minOffsetInQueue("Old", 0);
        assertThat(min).isPositive();
        GetMessageResult tooSmall = store.getMessage("Old", 0, 0, 32, 1 << 20, null);
        assertThat(tooSmall.status()).isEqualTo(GetMessageStatus.OFFSET_TOO_SMALL);
        assertThat(tooSmall.nextBeginOffset()).isEqualTo(min);
        GetMessageResult fromMin = store.getMessage("Old", 0, min, 32, 1 << 20, null);
        assertThat(fromMin.status()).isEqualTo(GetMessageStatus.FOUND);
        assertThat(decode(fromMin.messages().get(0)).physicalOffset()).isGreaterThanOrEqualTo(store.commitLogMinOffset());
        assertThat(fill("Old", 1)).isEqualTo(1);
    }

    @Test
    void diskPressureKeepsFilesWithinTheirReservedTimeUnlessForcibleCleaningIsEnabled() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, "600000");
        store = start(config, path -> usage.get());
        fill("Young", 300);
        await().until(() -> store.maxOffsetInQueue("Young", 0) == 300);
        usage.set(0.89);
        store.runRetention(System.currentTimeMillis());
        assertThat(store.commitLogMinOffset()).as("unread, unexpired messages are kept by default").isZero();
        assertThat(store.minOffsetInQueue("Young", 0)).isZero();
        store.shutdown();

        config.put(MessageStoreConfig.CLEAN_FILE_FORCIBLY_ENABLE, "true");
        usage.set(0.84); // a start runs retention once too
        store = start(config, path -> usage.get());
        store.runRetention(System.currentTimeMillis());
        assertThat(store.commitLogMinOffset()).as("below diskSpaceCleanForciblyRatio").isZero();
        usage.set(0.86);
        store.runRetention(System.currentTimeMillis());
        assertThat(store.commitLogMinOffset()).as("RocketMQ's default, when enabled").isPositive();
    }

    @Test
    void expiredFilesAreDeletedOnlyAtTheDeleteHour() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, "600000");
        store = start(config, path -> 0.1);
        fill("Aged", 200);
        await().until(() -> store.maxOffsetInQueue("Aged", 0) == 200);
        ZonedDateTime later = ZonedDateTime.now(ZoneId.systemDefault()).plusDays(4);
        store.runRetention(later.withHour(5).toInstant().toEpochMilli());
        assertThat(store.commitLogMinOffset()).isZero();
        store.runRetention(later.withHour(4).toInstant().toEpochMilli());
        assertThat(store.commitLogMinOffset()).isPositive();
        store.runRetention(ZonedDateTime.now(ZoneId.systemDefault()).withHour(4).toInstant().toEpochMilli());
        assertThat(store.minOffsetInQueue("Aged", 0)).isPositive();
    }
}

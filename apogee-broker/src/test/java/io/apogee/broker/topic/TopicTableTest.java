package io.apogee.broker.topic;

import io.apogee.protocol.body.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTableTest {

    @TempDir
    Path dir;

    private TopicTable table(boolean autoCreate) {
        return new TopicTable(dir.resolve("topics.json"), "DefaultCluster", "broker-a", autoCreate, 8);
    }

    @Test
    void startsWithTheSystemTopicsAdminToolsLookFor() {
        TopicTable table = table(true);

        assertThat(table.get("TBW102").perm()).isEqualTo(7);
        assertThat(table.get("TBW102").writeQueueNums()).isEqualTo(8);
        for (String topic : new String[] {"SELF_TEST_TOPIC", "SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRANS_HALF_TOPIC",
                "RMQ_SYS_TRANS_OP_HALF_TOPIC", "DefaultCluster", "broker-a", "DefaultCluster_REPLY_TOPIC"}) {
            assertThat(table.get(topic)).as(topic).isNotNull();
        }
    }

    @Test
    void autoCreationTakesTheSmallerQueueCountAndDropsInherit() {
        TopicTable table = table(true);
        long before = table.snapshot().dataVersion().counter();

        TopicConfig created = table.createFromDefault("Orders", "TBW102", 4);

        assertThat(created.writeQueueNums()).isEqualTo(4);
        assertThat(created.readQueueNums()).isEqualTo(4);
        assertThat(created.perm()).isEqualTo(6);
        assertThat(table.createFromDefault("Wide", "TBW102", 64).writeQueueNums()).isEqualTo(8);
        assertThat(table.snapshot().dataVersion().counter()).isGreaterThan(before);
    }

    @Test
    void withoutAutoCreateTheDefaultTopicIsAbsentAndNothingIsCreated() {
        TopicTable table = table(false);

        assertThat(table.get("TBW102")).isNull();
        assertThat(table.createFromDefault("Orders", "TBW102", 4)).isNull();
        assertThat(table.createFromDefault("Orders", "SELF_TEST_TOPIC", 4)).as("no INHERIT permission").isNull();
    }

    @Test
    void topicsAndVersionSurviveARestart() {
        TopicTable first = table(true);
        first.createFromDefault("Orders", "TBW102", 4);
        long version = first.snapshot().dataVersion().counter();

        TopicTable second = table(true);

        assertThat(second.get("Orders").writeQueueNums()).isEqualTo(4);
        assertThat(second.snapshot().dataVersion().counter()).isEqualTo(version);
    }

    @Test
    void illegalNamesAreExplained() {
        assertThat(TopicTable.illegalNameReason("Good_Topic-1|%")).isNull();
        assertThat(TopicTable.illegalNameReason("")).contains("blank");
        assertThat(TopicTable.illegalNameReason("a b")).contains("characters");
        assertThat(TopicTable.illegalNameReason("x".repeat(128))).contains("127");
    }
}

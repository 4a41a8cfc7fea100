package io.apogee.cli.config;

import io.apogee.broker.BrokerConfig;
import io.apogee.cli.ApogeeCommand;
import io.apogee.common.config.ConfigKey;
import io.apogee.controller.ControllerConfig;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code apogee config list} and the reference page cover every key the servers read, and the page in the
 * repository is the one the tables generate today.
 */
class ConfigReferenceTest {

    /** The reference page, from this module's folder. */
    private static final Path PAGE = Path.of("..", "docs", "CONFIGURATION.md");

    @Test
    void theCommittedReferencePageIsTheGeneratedOne() throws Exception {
        assertThat(Files.readString(PAGE)).as("docs/CONFIGURATION.md is stale: regenerate it with "
                + "./apogee config list --markdown > docs/CONFIGURATION.md").isEqualTo(ConfigReference.markdown());
    }

    @Test
    void configListPrintsEveryKeyTheServersRead() {
        String out = run("config", "list");
        // What the servers read: the values they report to admin tools, which come from the same tables.
        Set<String> read = new HashSet<>(new NameServerConfig().values().keySet());
        read.addAll(new BrokerConfig().values().keySet());
        read.addAll(new ControllerConfig().values().keySet());
        assertThat(read).containsAll(MessageStoreConfig.keys());
        for (String key : read) {
            assertThat(out).as(key).containsPattern("(?m)^\\S+\\s+" + key + "\\s");
        }
        for (ConfigKey key : ConfigReference.keys(Set.of())) {
            assertThat(read).as("declared but never read: " + key.name()).contains(key.name());
        }
        assertThat(out).containsPattern("broker\\s+autoCreateTopicEnable\\s+true\\s+\\[changeable\\]");
    }

    @Test
    void configListCanShowOnePart() {
        String out = run("config", "list", "--part", "namesrv");
        assertThat(out).contains("listenPort").contains("9876").doesNotContain("brokerName");
    }

    private static String run(String... args) {
        StringWriter text = new StringWriter();
        CommandLine line = ApogeeCommand.commandLine(args);
        line.setOut(new PrintWriter(text));
        assertThat(line.execute(args)).isZero();
        return text.toString();
    }
}

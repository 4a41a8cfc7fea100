package io.apogee.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Reads a RocketMQ-style {@code key=value} configuration file. */
final class ConfigFile {

    private ConfigFile() {
    }

    /** The file's settings, or none when {@code file} is null. */
    static Properties read(Path file) {
        Properties properties = new Properties();
        if (file == null) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        return properties;
    }
}

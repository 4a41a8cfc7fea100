package io.apogee.cli;

import io.apogee.remoting.tls.TlsConfig;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;

/** Reads a RocketMQ-style {@code key=value} configuration file. */
final class ConfigFile {

    private ConfigFile() {
    }

    /**
     * The file's settings (none when {@code file} is null), with the JVM's {@code -Dtls.*} options over them, as a
     * RocketMQ server reads those from system properties.
     */
    static Properties read(Path file) {
        Properties properties = new Properties();
        if (file == null) {
            return TlsConfig.withSystemProperties(properties, System.getProperties());
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        return TlsConfig.withSystemProperties(properties, System.getProperties());
    }

    /**
     * Reads {@code file} with {@code reader}, naming the file in the message of a configuration mistake, so
     * that an operator with several files knows which one to fix.
     */
    static <T> T parse(Path file, Properties settings, Function<Properties, T> reader) {
        try {
            return reader.apply(settings);
        } catch (IllegalArgumentException e) {
            throw file == null ? e : new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}

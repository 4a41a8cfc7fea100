package io.apogee.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, which Maven writes into {@code version.properties} beside this class. */
final class ApogeeVersion implements CommandLine.IVersionProvider {

    /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String current() {
        Properties properties = new Properties();
        try (InputStream in = ApogeeVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties", e);
        }
        return properties.getProperty("version");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"apogee " + current()};
    }
}

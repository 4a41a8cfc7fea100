package io.apogee.cli;

import io.apogee.common.version.BuildVersion;
import picocli.CommandLine;

/** The version option's text: this build's version. */
final class ApogeeVersion implements CommandLine.IVersionProvider {

    /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String current() {
        return BuildVersion.current();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"apogee " + current()};
    }
}

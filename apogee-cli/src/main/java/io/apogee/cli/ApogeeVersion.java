package io.apogee.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar's manifest; "development" when run from classes. */
final class ApogeeVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ApogeeVersion.class.getPackage().getImplementationVersion();
        return new String[] {"apogee " + (version == null ? "development" : version)};
    }
}

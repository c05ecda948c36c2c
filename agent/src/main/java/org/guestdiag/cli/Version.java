package org.guestdiag.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (the build sets it), or "dev" when run from classes. */
public final class Version implements IVersionProvider {
    public static String version() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"guestdiag " + version()};
    }
}

package org.guestdiag.render;

/**
 * The version from the jar's manifest (the build sets it), or "dev" when run from classes. Here, below
 * the commands, the server and the renderers that all print it, so none of them reaches up into another.
 */
public final class Version {
    private Version() {
    }

    public static String version() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

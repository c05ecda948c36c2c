package org.guestdiag.cli;

import org.guestdiag.render.Version;
import picocli.CommandLine.IVersionProvider;

/** picocli's {@code --version}: the version the renderers print. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"guestdiag " + Version.version()};
    }
}

package org.guestdiag.host.passthrough;

/** A command that is not on the read-only whitelist: a bug in the caller, never sent. */
public final class RefusedCommand extends RuntimeException {
    public RefusedCommand(Command c, String reason) {
        super("refused to send " + c.name() + ": " + reason);
    }
}

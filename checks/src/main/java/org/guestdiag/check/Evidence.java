package org.guestdiag.check;

/** What was seen: a file as the guest sees it (or a command/log) and the value found there. */
public record Evidence(String source, String value) {
}

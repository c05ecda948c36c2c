package org.guestdiag.model;

/**
 * The container manager this system runs under, as it announces itself to the processes inside.
 *
 * @param manager what it calls itself: lxc, systemd-nspawn, docker, podman, …
 * @param source  the file that said so, as the system sees it (/proc/1/environ, /run/systemd/container, /.dockerenv)
 */
public record Container(String manager, String source) { }

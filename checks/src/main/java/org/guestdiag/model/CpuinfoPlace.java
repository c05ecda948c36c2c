package org.guestdiag.model;

import java.util.OptionalInt;

/**
 * One processor's place as /proc/cpuinfo states it on x86 ({@code physical id}, {@code core id}, {@code siblings}:
 * logical CPUs in its package, {@code cpu cores}: cores in its package). Kept beside the sysfs topology
 * because sysfs trees may lack the topology files, and the two are checked against each other.
 */
public record CpuinfoPlace(int processor, OptionalInt physicalId, OptionalInt coreId, OptionalInt siblings, OptionalInt cpuCores) {
}

package org.guestdiag.model;

import java.util.OptionalInt;

/**
 * One logical CPU's place, from /sys/devices/system/cpu/cpuN/topology.
 *
 * @param threadSiblings how many CPUs share this one's core (counted from thread_siblings_list)
 */
public record CpuTopology(int cpu, OptionalInt packageId, OptionalInt dieId, OptionalInt coreId, String threadSiblingsList, int threadSiblings) {
}

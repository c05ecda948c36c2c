package org.guestdiag.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One logical CPU's place, from /sys/devices/system/cpu/cpuN/topology.
 *
 * @param threadSiblingsList the CPUs sharing this one's core as the kernel lists them ({@code core_cpus_list}
 *                           since 5.x, {@code thread_siblings_list} before and beside it); absent when neither
 *                           file is there, which says nothing about threads
 * @param threadSiblings     how many CPUs that list holds
 * @param siblingsFile       which of the two files the list was read from, for evidence
 */
public record CpuTopology(int cpu, OptionalInt packageId, OptionalInt dieId, OptionalInt coreId,
                          Optional<String> threadSiblingsList, OptionalInt threadSiblings, Optional<String> siblingsFile) {
}

package org.guestdiag.model;

import java.util.Optional;
import java.util.OptionalInt;

/** One entry of /proc/crypto: the algorithm name, the driver implementing it, and its priority (highest wins). */
public record CryptoDriver(String name, String driver, Optional<String> module, OptionalInt priority) {
}

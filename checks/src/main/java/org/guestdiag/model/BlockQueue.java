package org.guestdiag.model;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** /sys/block/X/queue and /sys/block/X/mq: what the block layer was told about the device. */
public record BlockQueue(
        OptionalInt logicalBlockSize,
        OptionalInt physicalBlockSize,
        OptionalLong minimumIoSize,
        OptionalLong optimalIoSize,
        OptionalLong discardGranularity,
        OptionalLong discardMaxBytes,
        OptionalLong discardMaxHwBytes,
        Optional<Boolean> rotational,
        OptionalInt nrRequests,
        OptionalInt hwQueues,
        Optional<String> scheduler,
        Optional<String> writeCache,
        OptionalInt maxSectorsKb) {

    public boolean discardSupported() {
        return discardMaxBytes.isPresent() && discardMaxBytes.getAsLong() > 0;
    }
}

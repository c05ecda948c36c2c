package org.guestdiag.read;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.guestdiag.host.Root;
import org.guestdiag.model.CryptoDriver;

/** /proc/crypto: which drivers implement each algorithm (crc32c-intel or crc32c-generic, aesni_intel or aes-generic …). */
public final class CryptoReader implements Source<List<CryptoDriver>> {
    @Override
    public String name() {
        return "crypto";
    }

    @Override
    public List<CryptoDriver> read(Root root, Problems problems) {
        return root.text(root.proc("crypto")).map(CryptoReader::parse).orElse(List.of());
    }

    static List<CryptoDriver> parse(String text) {
        List<CryptoDriver> list = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        // split drops trailing empty strings, so the last entry is flushed after the loop, not by a blank line
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                flush(block, list);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) block.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        flush(block, list);
        return list;
    }

    private static void flush(Map<String, String> block, List<CryptoDriver> list) {
        if (block.containsKey("name") && block.containsKey("driver")) {
            OptionalInt prio = OptionalInt.empty();
            try {
                prio = OptionalInt.of(Integer.parseInt(block.getOrDefault("priority", "")));
            } catch (NumberFormatException ignored) {
                // an entry without a priority still tells which driver exists
            }
            list.add(new CryptoDriver(block.get("name"), block.get("driver"), Optional.ofNullable(block.get("module")), prio));
        }
        block.clear();
    }
}

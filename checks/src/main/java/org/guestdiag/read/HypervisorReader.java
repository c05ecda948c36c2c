package org.guestdiag.read;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.guestdiag.host.Root;
import org.guestdiag.model.Hypervisor;

/** DMI, /sys/hypervisor and the clocksources into a {@link Hypervisor}. */
public final class HypervisorReader implements Source<Hypervisor> {
    /** World-readable DMI fields; serials and UUIDs are root-only and not needed to tell who runs the VM. */
    static final List<String> DMI_FIELDS = List.of("sys_vendor", "product_name", "product_version", "product_family",
            "bios_vendor", "bios_version", "board_vendor", "board_name", "chassis_vendor");

    @Override
    public String name() {
        return "hypervisor";
    }

    @Override
    public Hypervisor read(Root root, Problems problems) {
        Map<String, String> dmi = new LinkedHashMap<>();
        Path id = root.sys("class/dmi/id");
        for (String f : DMI_FIELDS) {
            Attributes.string(root, id.resolve(f), problems).ifPresent(v -> dmi.put(f, v));
        }
        Optional<String> type = Attributes.string(root, root.sys("hypervisor/type"), problems);
        Path cs = root.sys("devices/system/clocksource/clocksource0");
        List<String> available = Attributes.string(root, cs.resolve("available_clocksource"), problems)
                .map(s -> Arrays.stream(s.split("\\s+")).filter(x -> !x.isEmpty()).toList()).orElse(List.of());
        Optional<String> current = Attributes.string(root, cs.resolve("current_clocksource"), problems);
        return new Hypervisor(type, dmi, available, current);
    }
}

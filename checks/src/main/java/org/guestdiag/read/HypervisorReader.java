package org.guestdiag.read;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.Container;
import org.guestdiag.model.Hypervisor;

/** DMI, /sys/hypervisor, the clocksources and the container signs into a {@link Hypervisor}. */
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
        return new Hypervisor(type, dmi, available, current, container(root, problems));
    }

    /**
     * The signs systemd's detect_container() reads (src/basic/virt.c), each through the root: the
     * manager's name in /run/systemd/container (written by systemd in the container, and by LXC and
     * systemd-nspawn), {@code container=} in PID 1's environment (the container interface every manager
     * sets, https://systemd.io/CONTAINER_INTERFACE/), and the marker files of podman and docker, which set neither.
     */
    static Optional<Container> container(Root root, Problems problems) {
        Path run = root.file("run/systemd/container");
        Optional<String> named = Attributes.string(root, run, problems).filter(s -> !s.isEmpty());
        if (named.isPresent()) return Optional.of(new Container(named.get(), root.display(run)));
        Path environ = root.proc("1/environ");
        Optional<String> env;
        try {
            env = root.bytes(environ, Root.TEXT_LIMIT).flatMap(HypervisorReader::containerVariable);
        } catch (ReadException e) {
            // PID 1's environment is readable by root only: an agent without root learns nothing from it, which is no fault
            env = Optional.empty();
        }
        if (env.isPresent()) return Optional.of(new Container(env.get(), root.display(environ) + " container="));
        for (String[] marker : new String[][] {{"run/.containerenv", "podman"}, {".dockerenv", "docker"}}) {
            Path m = root.file(marker[0]);
            // read, not only looked for, so that a snapshot records the marker and judges as the live run did
            if (marker(root, m)) return Optional.of(new Container(marker[1], root.display(m)));
        }
        return Optional.empty();
    }

    private static boolean marker(Root root, Path m) {
        try {
            return root.bytes(m, Root.TEXT_LIMIT).isPresent();
        } catch (ReadException e) {
            return root.exists(m); // there but unreadable: still the manager's mark
        }
    }

    /** The value of {@code container=} in a NUL-separated environment block, when it is set and not empty. */
    static Optional<String> containerVariable(byte[] environ) {
        for (String entry : new String(environ, java.nio.charset.StandardCharsets.UTF_8).split("\u0000")) {
            if (entry.startsWith("container=") && entry.length() > "container=".length()) {
                return Optional.of(entry.substring("container=".length()).strip());
            }
        }
        return Optional.empty();
    }
}

package org.guestdiag.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.guestdiag.host.Root;
import org.guestdiag.model.Nic;

/** /sys/class/net/* that have a device: the driver bound to it and the bus it sits on. */
public final class NicReader implements Source<List<Nic>> {
    private static final Pattern PCI_FUNCTION = Pattern.compile("\\p{XDigit}{4}:\\p{XDigit}{2}:\\p{XDigit}{2}\\.\\p{XDigit}");

    @Override
    public String name() {
        return "nics";
    }

    @Override
    public List<Nic> read(Root root, Problems problems) {
        Path net = root.sys("class/net");
        List<Nic> nics = new ArrayList<>();
        for (String name : root.list(net)) {
            // interfaces are directories (symlinks to them); bonding_masters, which the bonding module puts here
            // wherever it is loaded, is a regular file, and so may be other such control files
            if (!root.isDirectory(net.resolve(name))) continue;
            Path dev = net.resolve(name).resolve("device");
            Optional<Path> real = problems.guard(() -> root.realPath(dev), Optional.empty());
            if (real.isEmpty()) continue; // lo, bridges, bonds, tunnels: no device of their own
            Optional<String> driver = problems.guard(() -> root.linkName(dev.resolve("driver")), Optional.empty());
            // the subsystem link names the bus; captures that lack it still show it in the device's name
            Optional<String> bus = problems.guard(() -> root.linkName(dev.resolve("subsystem")), Optional.<String>empty())
                    .or(() -> busByName(real.get().getFileName().toString()));
            // a virtio NIC's own device is on the virtio bus; the PCI ids are on its parent
            Path pci = bus.filter("virtio"::equals).isPresent() ? real.get().getParent() : real.get();
            Optional<String> pciId = DiskReader.pciId(root, pci, problems);
            Optional<String> subsystem = DiskReader.subsystemId(root, pci, problems);
            Optional<String> state = Attributes.string(root, net.resolve(name).resolve("operstate"), problems);
            nics.add(new Nic(name, driver, bus, pciId, subsystem, state, pciPath(real.get())));
        }
        return nics;
    }

    /** The PCI functions on a device's sysfs path, root first: its place in the guest's PCI tree. */
    static List<String> pciPath(Path device) {
        List<String> path = new ArrayList<>();
        for (Path p : device) if (PCI_FUNCTION.matcher(p.toString()).matches()) path.add(p.toString());
        return path;
    }

    static Optional<String> busByName(String device) {
        if (device.matches("virtio\\d+")) return Optional.of("virtio");
        if (PCI_FUNCTION.matcher(device).matches()) return Optional.of("pci");
        return Optional.empty();
    }
}

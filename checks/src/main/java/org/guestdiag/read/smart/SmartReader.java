package org.guestdiag.read.smart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.host.passthrough.Answer;
import org.guestdiag.host.passthrough.Command;
import org.guestdiag.host.passthrough.DevicePassthrough;
import org.guestdiag.model.AtaIdentity;
import org.guestdiag.model.SmartAttribute;
import org.guestdiag.model.SmartDisk;
import org.guestdiag.model.SmartDisk.Reason;
import org.guestdiag.model.SmartDisk.Unavailable;
import org.guestdiag.read.DiskReader;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Source;

/**
 * Asks every whole disk, through its block device under the devfs root, for its health with read-only
 * pass-through commands: INQUIRY and VPD pages for every SCSI-visible disk; for an ATA disk (VPD 0x89
 * present, or the "ATA" vendor libata reports) IDENTIFY and SMART; for a SCSI disk LOG SENSE; for NVMe
 * the health log. A disk that answers nothing says why (no node, no SG_IO, no permission, no answer).
 */
public final class SmartReader implements Source<List<SmartDisk>> {
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    /** SPC-4 table 50: sense key 05h ILLEGAL REQUEST, the answer to a command or page a device does not have. */
    private static final int ILLEGAL_REQUEST = 0x05;

    @Override public String name() { return "smart"; }

    @Override
    public List<SmartDisk> read(Root root, Problems problems) {
        List<SmartDisk> out = new ArrayList<>();
        for (String name : root.list(root.sys("block"))) {
            if (DiskReader.isVirtualOrRemovable(name)) continue;
            out.add(probe(root, name));
        }
        return out;
    }

    private static SmartDisk probe(Root root, String name) {
        Path node = root.dev(name);
        String shown = root.display(node);
        List<String> transcript = new ArrayList<>();
        Optional<String> notNode = notABlockDevice(node, shown);
        if (notNode.isPresent()) return new SmartDisk(name, shown, new Unavailable(Reason.NO_DEVICE_NODE, notNode.get()), transcript);
        DevicePassthrough.Opened opened = DevicePassthrough.open(node, shown);
        if (opened.device() == null) {
            transcript.add("open: " + opened.failure().detail());
            return new SmartDisk(name, shown, unavailable(opened.failure()), transcript);
        }
        try (DevicePassthrough dev = opened.device()) {
            // the path was a block device when checked; the descriptor is what the commands go to
            if (!dev.blockDevice()) return new SmartDisk(name, shown, new Unavailable(Reason.NO_DEVICE_NODE, shown + " is no longer a block device"), transcript);
            Session s = new Session(dev, shown, transcript);
            SmartDisk.Answer answer = name.startsWith("nvme") ? nvme(s) : scsi(s);
            return new SmartDisk(name, shown, answer, transcript);
        } catch (Stop stop) {
            return new SmartDisk(name, shown, stop.unavailable, transcript);
        } catch (ReadException e) {
            transcript.add("parse: " + e.getMessage());
            return new SmartDisk(name, shown, new Unavailable(Reason.ERROR, e.getMessage()), transcript);
        }
    }

    private static Optional<String> notABlockDevice(Path node, String shown) {
        try {
            int mode = (Integer) Files.getAttribute(node, "unix:mode");
            if ((mode & S_IFMT) != S_IFBLK) return Optional.of(shown + " is not a block device under this root (a snapshot keeps no device nodes)");
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("no " + shown + " under this root (a snapshot keeps no device nodes)");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(shown + ": " + e.getMessage());
        }
    }

    private static SmartDisk.Answer nvme(Session s) {
        byte[] log = s.data(SmartCommands.nvmeHealth())
                .orElseThrow(() -> new Stop(new Unavailable(Reason.NOT_SUPPORTED, "the controller refused Get Log Page 0x02")));
        return new SmartDisk.Nvme(NvmeHealthLog.parse(log, s.where + " (NVMe log page 0x02)"));
    }

    private static SmartDisk.Answer scsi(Session s) {
        byte[] std = s.data(SmartCommands.inquiry())
                .orElseThrow(() -> new Stop(new Unavailable(Reason.NOT_SUPPORTED, "INQUIRY refused")));
        Inquiry inq = Inquiry.parse(std, s.where + " (INQUIRY)");
        List<Integer> vpd = s.data(SmartCommands.vpd(0x00)).map(d -> Vpd.supported(d, s.where + " (VPD page 0x00)")).orElse(List.of());
        // serial and identifiers are read as the issue asks; the disk reader already has them from sysfs
        if (vpd.contains(0x80)) s.data(SmartCommands.vpd(0x80)).ifPresent(d -> Vpd.unitSerial(d, s.where + " (VPD page 0x80)"));
        if (vpd.contains(0x83)) s.data(SmartCommands.vpd(0x83)).ifPresent(d -> Vpd.identification(d, s.where + " (VPD page 0x83)"));
        Optional<Vpd.AtaInformation> ata = vpd.contains(0x89)
                ? s.data(SmartCommands.vpd(0x89)).map(d -> Vpd.ataInformation(d, s.where + " (VPD page 0x89)"))
                : Optional.empty();
        // libata reports the T10 vendor "ATA" for every ATA disk (SAT-3 10.4.2), even without page 0x89
        if (ata.isPresent() || inq.vendor().equals("ATA")) return ata(s, ata.map(Vpd.AtaInformation::satVendor));
        return scsiLogs(s, inq);
    }

    private static SmartDisk.Answer ata(Session s, Optional<String> translation) {
        byte[] id = s.data(SmartCommands.identify())
                .orElseThrow(() -> new Stop(new Unavailable(Reason.NOT_SUPPORTED, "the translation layer refused ATA PASS-THROUGH IDENTIFY DEVICE")));
        AtaIdentity identity = AtaIdentify.parse(id, s.where + " (IDENTIFY DEVICE)");
        if (identity.smartSupported().filter(b -> b).isEmpty()) {
            throw new Stop(new Unavailable(Reason.NOT_SUPPORTED, identity.model() + " does not report the SMART feature set (IDENTIFY word 82 bit 0)"));
        }
        if (identity.smartEnabled().filter(b -> b).isEmpty()) {
            // enabling SMART is a write of a setting, which this program never does
            throw new Stop(new Unavailable(Reason.NOT_SUPPORTED, "SMART is disabled on " + identity.model() + " (IDENTIFY word 85 bit 0); smartctl -s on enables it"));
        }
        Optional<Boolean> passed = s.registers(SmartCommands.smartReturnStatus()).map(sense -> AtaReturn.passed(sense, s.where + " (SMART RETURN STATUS)"));
        Optional<byte[]> values = s.data(SmartCommands.smartReadData());
        Optional<byte[]> thresholds = values.isPresent() ? s.data(SmartCommands.smartReadThresholds()) : Optional.empty();
        List<SmartAttribute> attributes = values.map(v -> SmartTable.parse(v, thresholds.orElse(null), s.where)).orElse(List.of());
        return new SmartDisk.Ata(translation, identity, passed, attributes);
    }

    private static SmartDisk.Answer scsiLogs(Session s, Inquiry inq) {
        List<Integer> pages = s.data(SmartCommands.logSense(0x00)).map(d -> LogPage.supported(d, s.where + " (LOG SENSE 0x00)")).orElse(List.of());
        Optional<String> prediction = Optional.empty();
        OptionalInt temperature = OptionalInt.empty();
        long uncorrected = 0;
        boolean counted = false;
        if (pages.contains(0x2f)) {
            Optional<LogPage> ie = s.log(0x2f);
            if (ie.isPresent()) prediction = LogPage.failurePrediction(ie.get(), s.where + " (LOG SENSE 0x2f)");
        }
        if (pages.contains(0x0d)) {
            Optional<LogPage> t = s.log(0x0d);
            if (t.isPresent()) temperature = LogPage.temperature(t.get(), s.where + " (LOG SENSE 0x0d)");
        }
        for (int page : new int[] {0x02, 0x03, 0x05}) { // write, read, verify error counters
            if (!pages.contains(page)) continue;
            Optional<LogPage> p = s.log(page);
            OptionalLong n = p.map(x -> LogPage.uncorrected(x, s.where + String.format(" (LOG SENSE 0x%02x)", page))).orElse(OptionalLong.empty());
            if (n.isPresent()) {
                // saturates: three pages of huge counters must not wrap around to a small or negative sum
                uncorrected = uncorrected > Long.MAX_VALUE - n.getAsLong() ? Long.MAX_VALUE : uncorrected + n.getAsLong();
                counted = true;
            }
        }
        return new SmartDisk.Scsi(inq.vendor(), inq.product(), inq.revision(), pages, prediction, temperature,
                counted ? OptionalLong.of(uncorrected) : OptionalLong.empty());
    }

    private static Unavailable unavailable(Answer.Failed f) {
        return new Unavailable(switch (f.failure()) {
            case NO_PERMISSION -> Reason.NO_PERMISSION;
            case NOT_SUPPORTED -> Reason.NO_SG_IO;
            case TIMEOUT -> Reason.NO_ANSWER;
            case ERROR -> Reason.ERROR;
        }, f.detail());
    }

    /** Ends the probe of one disk with the reason of the command that could not be answered. */
    private static final class Stop extends RuntimeException {
        final Unavailable unavailable;

        Stop(Unavailable u) {
            super(u.detail(), null, false, false);
            this.unavailable = u;
        }
    }

    /** Sends commands to one disk and writes the transcript. */
    private static final class Session {
        final DevicePassthrough dev;
        final String where;
        final List<String> transcript;

        Session(DevicePassthrough dev, String where, List<String> transcript) {
            this.dev = dev;
            this.where = where;
            this.transcript = transcript;
        }

        /** The data of a command answered with GOOD status; empty when the device refused it (not supported). */
        Optional<byte[]> data(Command c) {
            Answer.Done d = done(c);
            return d.good() ? Optional.of(d.data()) : Optional.empty();
        }

        /** The sense data of a CK_COND command, where the ATA registers are; empty when there is none. */
        Optional<byte[]> registers(Command c) {
            Answer.Done d = done(c);
            if (d.sense().length == 0 || d.senseKey() == ILLEGAL_REQUEST) return Optional.empty();
            return Optional.of(d.sense());
        }

        Optional<LogPage> log(int page) {
            return data(SmartCommands.logSense(page)).map(d -> LogPage.parse(d, page, where + String.format(" (LOG SENSE 0x%02x)", page)));
        }

        private Answer.Done done(Command c) {
            Answer a = dev.send(c);
            if (a instanceof Answer.Failed f) {
                transcript.add(c.name() + ": " + f.failure() + " " + f.detail());
                throw new Stop(unavailable(f));
            }
            Answer.Done d = (Answer.Done) a;
            transcript.add(c.name() + ": " + (d.good() ? "ok, " + d.data().length + " bytes" : "status " + d.status()
                    + (d.senseKey() >= 0 ? String.format(", sense key %x", d.senseKey()) : "")
                    + (d.hostStatus() != 0 ? ", host status " + d.hostStatus() : "")));
            return d;
        }
    }
}

package org.guestdiag.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.guestdiag.model.BtrfsLogEvent;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.StorageLogEvent;
import org.guestdiag.read.BtrfsLogParser;
import org.guestdiag.read.StorageLogParser;

/**
 * What the JSON says of the kernel log: how many records were read and the events the findings use, each
 * with its time and device, never a record's text. The raw log holds the kernel command line (which can
 * carry LUKS keys, iSCSI or network credentials), host names and addresses; read with CAP_SYSLOG past
 * {@code dmesg_restrict}, it must not reach an unauthenticated API. The whole log stays in {@code agent
 * snapshot}, which a person makes and reads before sharing.
 */
final class KernelLogDigest {
    private KernelLogDigest() { }

    static Map<String, Object> of(KernelLog log) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from_boot", log.fromBoot());
        m.put("records", log.records().size());
        List<Map<String, Object>> events = new ArrayList<>();
        for (BtrfsLogEvent e : BtrfsLogParser.parse(log)) events.add(event(e));
        m.put("btrfs_events", events);
        // --- ext4/XFS and disk events ---
        List<Map<String, Object>> storage = new ArrayList<>();
        for (StorageLogEvent e : StorageLogParser.parse(log)) storage.add(storageEvent(e));
        m.put("storage_events", storage);
        return m;
    }

    private static Map<String, Object> storageEvent(StorageLogEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", e.record().seconds());
        m.put("device", e.device());
        if (e instanceof StorageLogEvent.Mounted mo) {
            m.put("kind", "mounted");
            m.put("fstype", mo.fsType());
        } else if (e instanceof StorageLogEvent.Ext4Error x) {
            m.put("kind", "ext4_error");
            m.put("function", x.function());
        } else if (e instanceof StorageLogEvent.Ext4Readonly) {
            m.put("kind", "ext4_readonly");
        } else if (e instanceof StorageLogEvent.JournalAborted) {
            m.put("kind", "journal_aborted");
        } else if (e instanceof StorageLogEvent.XfsShutdown x) {
            m.put("kind", "xfs_shutdown");
            m.put("cause", x.cause());
        } else if (e instanceof StorageLogEvent.IoError io) {
            m.put("kind", "io_error");
            m.put("what", io.kind());
            io.sector().ifPresent(s -> m.put("sector", s));
        }
        return m;
    }

    private static Map<String, Object> event(BtrfsLogEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", e.record().seconds());
        m.put("device", e.device());
        if (e instanceof BtrfsLogEvent.DeviceErrorsLine d) {
            m.put("kind", "device_errors");
            m.put("write", d.write());
            m.put("read", d.read());
            m.put("flush", d.flush());
            m.put("corruption", d.corruption());
            m.put("generation", d.generation());
        } else if (e instanceof BtrfsLogEvent.Failure f) {
            m.put("kind", "failure");
            m.put("errno", f.errno());
        } else if (e instanceof BtrfsLogEvent.ForcedReadonly) {
            m.put("kind", "forced_readonly");
        } else if (e instanceof BtrfsLogEvent.Corruption c) {
            m.put("kind", "corruption");
            m.put("what", c.kind());
        } else if (e instanceof BtrfsLogEvent.MissingDevice md) {
            m.put("kind", "missing_device");
            m.put("devid", md.devid());
        } else if (e instanceof BtrfsLogEvent.Scanned s) {
            m.put("kind", "scanned");
            m.put("devid", s.devid());
        } else if (e instanceof BtrfsLogEvent.FirstMount fm) {
            m.put("kind", "first_mount");
            m.put("fsid", fm.fsid());
        }
        return m;
    }
}

package org.guestdiag.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.guestdiag.model.BtrfsLogEvent;
import org.guestdiag.model.KernelLog;
import org.guestdiag.read.BtrfsLogParser;

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

package org.guestdiag.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.ScrubDevice;
import org.guestdiag.model.ScrubRecords;
import org.guestdiag.model.ScrubStatus;

/**
 * The results btrfs-progs keeps of the last scrub of each filesystem, in
 * {@code <rootfs>/var/lib/btrfs/scrub.status.FSID} (cmds/scrub.c: a {@code scrub status:1} header, then
 * {@code FSID:DEVID|key:value|…} per device). No directory is said as such ({@link ScrubRecords#directory}):
 * it leaves unknown whether a filesystem was scrubbed, where the directory without a filesystem's record
 * means btrfs-progs never finished a scrub of it here.
 */
public final class ScrubStatusReader implements Source<ScrubRecords> {
    private static final String PREFIX = "scrub.status.";
    private static final Pattern FILE = Pattern.compile("scrub\\.status\\.[0-9a-f-]{36}");
    private static final Pattern HEADER = Pattern.compile("scrub status:(\\d+)");

    @Override
    public String name() {
        return "btrfs-scrub";
    }

    @Override
    public boolean dynamic() {
        return true; // a scrub may finish at any time
    }

    @Override
    public ScrubRecords read(Root root, Problems problems) {
        List<ScrubStatus> list = new ArrayList<>();
        var dir = root.file("var/lib/btrfs");
        if (!root.isDirectory(dir)) return new ScrubRecords(false, list);
        // the _tmp file btrfs-progs writes before renaming, and progress sockets, do not match
        for (String name : root.list(dir)) {
            if (!FILE.matcher(name).matches()) continue;
            var p = root.file("var/lib/btrfs/" + name);
            problems.guard(() -> root.text(p).map(t -> list.add(parse(t, name.substring(PREFIX.length()), root.display(p)))), null);
        }
        return new ScrubRecords(true, list);
    }

    static ScrubStatus parse(String text, String fsid, String file) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !HEADER.matcher(lines[0].strip()).matches()) {
            throw new ReadException(file, 1, lines.length == 0 ? "" : lines[0], "expected the header 'scrub status:1'");
        }
        if (!lines[0].strip().equals("scrub status:1")) throw new ReadException(file, 1, lines[0], "unknown format version");
        List<ScrubDevice> devices = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            String[] f = line.split("\\|");
            // a line of bars alone ("|||") splits into nothing
            String[] id = f.length == 0 ? new String[0] : f[0].split(":");
            if (id.length != 2 || !id[0].equals(fsid)) throw new ReadException(file, i + 1, lines[i], "expected '" + fsid + ":DEVID|…'");
            Map<String, Long> v = new HashMap<>();
            for (int k = 1; k < f.length; k++) {
                int colon = f[k].indexOf(':');
                if (colon <= 0) throw new ReadException(file, i + 1, lines[i], "expected 'key:value' fields");
                v.put(f[k].substring(0, colon), number(f[k].substring(colon + 1), file, i + 1, lines[i]));
            }
            if (!v.containsKey("t_start")) throw new ReadException(file, i + 1, lines[i], "no t_start (truncated?)");
            devices.add(new ScrubDevice(number(id[1], file, i + 1, lines[i]), Attributes.field(v, "t_start"), Attributes.field(v, "duration"),
                    v.getOrDefault("finished", 0L) != 0, v.getOrDefault("canceled", 0L) != 0,
                    Attributes.field(v, "read_errors"), Attributes.field(v, "csum_errors"), Attributes.field(v, "verify_errors"),
                    Attributes.field(v, "uncorrectable_errors"), Attributes.field(v, "corrected_errors")));
        }
        return new ScrubStatus(fsid, devices);
    }

    private static long number(String s, String file, int line, String text) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            // abbreviated: a garbled file can hold a value of any length, and the reason ends up in a finding
            throw new ReadException(file, line, text, "'" + Attributes.abbreviate(s) + "' is not a number");
        }
    }
}

package org.guestdiag.read;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.Mount;

/** /proc/self/mountinfo into {@link Mount}s (see proc(5)): per-mount and super options kept apart. */
public final class MountReader implements Source<List<Mount>> {
    @Override
    public String name() {
        return "mounts";
    }

    @Override
    public boolean dynamic() {
        return true; // a btrfs turns read-only at run time
    }

    @Override
    public List<Mount> read(Root root, Problems problems) {
        Path file = root.proc("self/mountinfo");
        String text = root.text(file).orElseThrow(() -> new ReadException(root.display(file), "missing"));
        return parse(text, root.display(file));
    }

    static List<Mount> parse(String text, String file) {
        List<Mount> mounts = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) continue;
            String[] f = line.split(" ");
            int sep = Arrays.asList(f).indexOf("-");
            if (f.length < 10 || sep < 6 || f.length < sep + 4) {
                throw new ReadException(file, i + 1, line, "expected 'ID PARENT MAJ:MIN ROOT POINT OPTS ... - TYPE SOURCE SUPEROPTS'");
            }
            int id;
            int parent;
            try {
                id = Integer.parseInt(f[0]);
                parent = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw new ReadException(file, i + 1, line, "mount ids are not numbers");
            }
            if (!f[2].matches("\\d+:\\d+")) throw new ReadException(file, i + 1, line, "bad major:minor");
            mounts.add(new Mount(id, parent, f[2], unescape(f[3]), unescape(f[4]), options(f[5]),
                    unescape(f[sep + 1]), unescape(f[sep + 2]), options(f[sep + 3])));
        }
        return mounts;
    }

    private static List<String> options(String s) {
        return List.of(s.split(","));
    }

    /** The kernel escapes space, tab, newline and backslash in mountinfo as \040, \011, \012, \134. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\\' && i + 3 < b.length && isOctal(b[i + 1]) && isOctal(b[i + 2]) && isOctal(b[i + 3])) {
                out.write((b[i + 1] - '0') * 64 + (b[i + 2] - '0') * 8 + (b[i + 3] - '0'));
                i += 3;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte c) {
        return c >= '0' && c <= '7';
    }
}

package org.guestdiag.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.MdArray;
import org.guestdiag.model.MdMember;
import org.guestdiag.model.MdSync;
import org.guestdiag.model.MdstatEntry;
import org.guestdiag.model.MdstatEntry.MdstatMember;

/**
 * md (software RAID) arrays: /proc/mdstat lists them, /sys/block/NAME/md/ says the rest
 * (Documentation/admin-guide/md.rst). No /proc/mdstat means the md driver is not loaded: an empty list, not
 * applicable. An array /proc/mdstat lists whose sysfs directory is gone (stopped between the two reads) keeps
 * what /proc/mdstat said.
 */
public final class MdReader implements Source<List<MdArray>> {
    private static final Pattern HEADER = Pattern.compile("^(\\S+) : (active|inactive)(?: \\((read-only|auto-read-only)\\))?((?: \\S+)*)\\s*$");
    private static final Pattern MEMBER = Pattern.compile("^(\\S+)\\[(\\d{1,9})\\]((?:\\([A-Za-z]+\\))*)$");
    private static final Pattern STATUS = Pattern.compile("\\[(\\d{1,9})/(\\d{1,9})\\] \\[([U_]+)\\]");
    private static final Pattern PROGRESS = Pattern.compile("\\b(resync|recovery|check|repair|reshape) =\\s*[0-9.]+% \\((\\d{1,18})/(\\d{1,18})\\)");
    private static final Pattern STATE = Pattern.compile("[a-z_]+");
    private static final Pattern COMPLETED = Pattern.compile("(\\d{1,19}) / (\\d{1,19})");

    @Override
    public String name() {
        return "md";
    }

    @Override
    public boolean dynamic() {
        return true; // a member fails, a rebuild moves on, a check ends while the VM runs
    }

    @Override
    public List<MdArray> read(Root root, Problems problems) {
        Path mdstat = root.proc("mdstat");
        Optional<String> text = root.text(mdstat);
        if (text.isEmpty()) return List.of();
        List<MdArray> arrays = new ArrayList<>();
        for (MdstatEntry e : parseMdstat(text.get(), root.display(mdstat))) {
            arrays.add(readArray(root, e, problems));
        }
        return arrays;
    }

    private static MdArray readArray(Root root, MdstatEntry e, Problems problems) {
        Path md = root.sys("block/" + e.name() + "/md");
        List<MdMember> members = new ArrayList<>();
        for (String n : root.list(md)) {
            if (!n.startsWith("dev-") || n.length() == 4) continue;
            Path d = md.resolve(n);
            // a member removed between the listing and the read has no state left: skipped, not a problem
            Optional<List<String>> states = problems.guard(() -> root.attribute(d.resolve("state"))
                    .map(t -> parseStates(t, root.display(d.resolve("state")))), Optional.empty());
            if (states.isEmpty()) continue;
            OptionalInt slot = problems.guard(() -> root.attribute(d.resolve("slot"))
                    .map(t -> parseSlot(t, root.display(d.resolve("slot")))).orElse(OptionalInt.empty()), OptionalInt.empty());
            members.add(new MdMember(n.substring(4), states.get(), slot, Attributes.number(root, d.resolve("errors"), problems)));
        }
        return new MdArray(e.name(), e,
                Attributes.string(root, md.resolve("level"), problems),
                Attributes.string(root, md.resolve("array_state"), problems),
                Attributes.integer(root, md.resolve("raid_disks"), problems),
                Attributes.integer(root, md.resolve("degraded"), problems),
                members,
                Attributes.string(root, md.resolve("sync_action"), problems),
                problems.guard(() -> root.attribute(md.resolve("sync_completed"))
                        .flatMap(t -> parseSyncCompleted(t, root.display(md.resolve("sync_completed")))), Optional.empty()),
                problems.guard(() -> root.attribute(md.resolve("sync_speed"))
                        .map(t -> parseSpeed(t, root.display(md.resolve("sync_speed")))).orElse(OptionalLong.empty()), OptionalLong.empty()),
                Attributes.number(root, md.resolve("mismatch_cnt"), problems),
                Attributes.string(root, md.resolve("last_sync_action"), problems));
    }

    /**
     * /proc/mdstat (md.c, md_seq_show): a {@code Personalities :} line, then per array a header line
     * {@code NAME : active|inactive [(read-only|auto-read-only)] [LEVEL] DEV[N][(F)]…} followed by indented
     * lines (size, {@code [n/m] [UU_]}, progress, bitmap), and {@code unused devices:} at the end.
     */
    static List<MdstatEntry> parseMdstat(String text, String file) {
        List<MdstatEntry> entries = new ArrayList<>();
        String[] lines = text.split("\n");
        Builder current = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) continue;
            if (Character.isWhitespace(line.charAt(0))) {
                if (current == null) throw new ReadException(file, i + 1, line, "an indented line before any array");
                Matcher s = STATUS.matcher(line);
                if (s.find() && current.raidDisks.isEmpty()) {
                    int n = Integer.parseInt(s.group(1));
                    int m = Integer.parseInt(s.group(2));
                    if (m > n || s.group(3).length() != n) throw new ReadException(file, i + 1, line, "[n/m] [U_] do not agree");
                    current.raidDisks = OptionalInt.of(n);
                    current.working = OptionalInt.of(m);
                    current.roles = Optional.of(s.group(3));
                }
                Matcher p = PROGRESS.matcher(line);
                if (p.find() && current.progress.isEmpty()) {
                    long done = Long.parseLong(p.group(2));
                    long total = Long.parseLong(p.group(3));
                    if (done > total) throw new ReadException(file, i + 1, line, "progress past its end");
                    current.progress = Optional.of(new MdSync(done * 2, total * 2)); // 1 KiB blocks to sectors
                }
                continue;
            }
            if (current != null) entries.add(current.build());
            current = null;
            if (line.startsWith("Personalities :") || line.startsWith("unused devices:") || line.startsWith("read_ahead")) continue;
            Matcher h = HEADER.matcher(line);
            if (!h.matches()) throw new ReadException(file, i + 1, line, "expected 'NAME : active|inactive …'");
            current = new Builder(h.group(1), line.strip(), h.group(2).equals("active"), Optional.ofNullable(h.group(3)));
            String[] tokens = h.group(4).strip().isEmpty() ? new String[0] : h.group(4).strip().split(" ");
            for (int k = 0; k < tokens.length; k++) {
                Matcher m = MEMBER.matcher(tokens[k]);
                if (m.matches()) {
                    current.members.add(new MdstatMember(m.group(1), Integer.parseInt(m.group(2)), m.group(3).replaceAll("[()]", "")));
                } else if (k == 0 && current.active) {
                    current.level = Optional.of(tokens[k]);
                } else {
                    throw new ReadException(file, i + 1, line, "'" + Attributes.abbreviate(tokens[k]) + "' is not a member DEV[N]");
                }
            }
        }
        if (current != null) entries.add(current.build());
        return entries;
    }

    private static final class Builder {
        final String name;
        final String line;
        final boolean active;
        final Optional<String> readOnly;
        Optional<String> level = Optional.empty();
        final List<MdstatMember> members = new ArrayList<>();
        OptionalInt raidDisks = OptionalInt.empty();
        OptionalInt working = OptionalInt.empty();
        Optional<String> roles = Optional.empty();
        Optional<MdSync> progress = Optional.empty();

        Builder(String name, String line, boolean active, Optional<String> readOnly) {
            this.name = name;
            this.line = line;
            this.active = active;
            this.readOnly = readOnly;
        }

        MdstatEntry build() {
            return new MdstatEntry(name, line, active, readOnly, level, members, raidDisks, working, roles, progress);
        }
    }

    /** dev-X/state: comma-separated flags (md.c, state_show), e.g. {@code in_sync,write_mostly}; may be empty. */
    static List<String> parseStates(String text, String file) {
        String t = text.strip();
        if (t.isEmpty()) return List.of();
        List<String> states = new ArrayList<>();
        for (String s : t.split(",", -1)) {
            if (!STATE.matcher(s).matches()) throw new ReadException(file, 1, text, "expected comma-separated states");
            states.add(s);
        }
        return states;
    }

    /** dev-X/slot: the role number, or {@code none} for a member holding no slot. */
    static OptionalInt parseSlot(String text, String file) {
        String t = text.strip();
        if (t.equals("none")) return OptionalInt.empty();
        try {
            int n = Integer.parseInt(t);
            if (n < 0) throw new NumberFormatException();
            return OptionalInt.of(n);
        } catch (NumberFormatException e) {
            throw new ReadException(file, 1, text, "expected a slot number or 'none'");
        }
    }

    /** sync_completed: {@code done / total} in sectors while a sync runs; {@code none} or {@code delayed} otherwise. */
    static Optional<MdSync> parseSyncCompleted(String text, String file) {
        String t = text.strip();
        if (t.equals("none") || t.equals("delayed")) return Optional.empty();
        Matcher m = COMPLETED.matcher(t);
        if (!m.matches()) throw new ReadException(file, 1, text, "expected 'DONE / TOTAL', 'none' or 'delayed'");
        try {
            long done = Long.parseLong(m.group(1));
            long total = Long.parseLong(m.group(2));
            return Optional.of(new MdSync(done, total));
        } catch (NumberFormatException e) {
            throw new ReadException(file, 1, text, "out of range");
        }
    }

    /** sync_speed: KiB/s, or {@code none} when no sync runs (md.c, sync_speed_show). */
    static OptionalLong parseSpeed(String text, String file) {
        String t = text.strip();
        if (t.equals("none")) return OptionalLong.empty();
        try {
            long n = Long.parseLong(t);
            if (n < 0) throw new NumberFormatException();
            return OptionalLong.of(n);
        } catch (NumberFormatException e) {
            throw new ReadException(file, 1, text, "expected KiB/s or 'none'");
        }
    }
}

package org.guestdiag.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code snapshot --redact} takes out, so that a snapshot can be posted on a forum: serial numbers
 * and UUIDs; the kernel command line (LUKS keys, iSCSI and network credentials, tokens: in the log's
 * {@code Command line:} record and /proc/cmdline); MAC and IP addresses; the machine's host names and the
 * servers and users of network mounts. Replacements are derived from a hash of the original, so the same
 * UUID or address becomes the same stand-in in paths, link targets and file contents alike, and the
 * snapshot still reads as one consistent machine.
 */
final class Redactor {
    private static final Pattern UUID = Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    /** Exactly six colon-separated octets: a MAC (a PCI address has 4-digit groups and a dot, a WWN eight octets). */
    private static final Pattern MAC = Pattern.compile("(?<![0-9a-fA-F:])(?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}(?![0-9a-fA-F:])");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?![\\d.])");
    /** IPv6 with "::" or all eight groups; PCI addresses (0000:00:02.0) have neither. */
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:.])(?:(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}"
            + "|(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,6})?::(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,6})?)(?![\\w:])");
    /** The kernel's boot record of its command line ("Command line:" on x86, "Kernel command line:" on others). */
    private static final Pattern COMMAND_LINE = Pattern.compile("((?:Kernel )?[Cc]ommand line:)[^\\n]*");
    /** systemd's "Hostname set to <name>." in the kernel log names the host. */
    private static final Pattern HOSTNAME_SET = Pattern.compile("Hostname set to <([^>\\n]+)>");
    /** Mount options that name a server, an address or a user (NFS, CIFS, Ceph, iSCSI …). */
    private static final Pattern WHO_OPTION = Pattern.compile("\\b((?:addr|clientaddr|mountaddr|username|user|domain|ip|server|host|name|secretfile|mon_addr)=)[^,\\s]+");
    /** Network filesystems' mount sources (host:/export, //server/share, mon1,mon2:/path): the server's name. */
    private static final Set<String> NETWORK_FS = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "glusterfs", "fuse.sshfs",
            "fuse.glusterfs", "fuse.ceph", "9p", "virtiofs", "afs", "lustre");

    /** Files whose whole content identifies a disk or machine. */
    static final Set<String> SERIAL_FILES = Set.of("serial", "wwid", "product_serial", "product_uuid", "board_serial",
            "chassis_serial", "board_asset_tag", "chassis_asset_tag", "eui", "nguid", "uuid", "wwn");
    /** Files whose whole content is a secret or an identity, dropped to one word. */
    static final Set<String> WHOLE_FILES = Set.of("cmdline", "hostname", "address", "boot_id", "machine-id");
    /** Binary identity pages dropped whole: the device identification VPD page is all identifiers. */
    static final Set<String> DROPPED = Set.of("vpd_pg83");

    private final boolean enabled;
    private final List<String> hostNames = new ArrayList<>();

    Redactor(boolean enabled) {
        this(enabled, List.of());
    }

    /** @param hostNames the machine's names (its hostname, /etc/hostname), replaced wherever they appear */
    Redactor(boolean enabled, List<String> hostNames) {
        this.enabled = enabled;
        for (String h : hostNames) addHost(h);
    }

    private void addHost(String name) {
        String h = name == null ? "" : name.strip();
        // a one- or two-letter name would redact half the words of the tree; "localhost" and "(none)" name no one
        if (h.length() < 3 || h.equals("localhost") || h.equals("(none)") || hostNames.contains(h)) return;
        hostNames.add(h);
        int dot = h.indexOf('.');
        if (dot >= 3) addHost(h.substring(0, dot));
    }

    boolean drops(String fileName) {
        return enabled && DROPPED.contains(fileName);
    }

    /** Paths and link targets: only UUIDs, since names of devices and directories must stay as the kernel made them. */
    String text(String s) {
        if (!enabled) return s;
        return replace(s, UUID, m -> fakeUuid(m.toLowerCase(Locale.ROOT)));
    }

    byte[] content(String fileName, byte[] content) {
        if (!enabled) return content;
        String original = new String(content, StandardCharsets.ISO_8859_1);
        if (SERIAL_FILES.contains(fileName)) {
            return (original.isBlank() ? original : "REDACTED-" + hash(original.strip()).substring(0, 8) + "\n").getBytes(StandardCharsets.US_ASCII);
        }
        if (WHOLE_FILES.contains(fileName)) {
            return (original.isBlank() ? original : "REDACTED\n").getBytes(StandardCharsets.US_ASCII);
        }
        if (fileName.equals("vpd_pg80") && content.length >= 4) {
            // Unit Serial Number page: keep the 4-byte header shape, replace the serial
            byte[] serial = ("REDACTED-" + hash(original.substring(4)).substring(0, 8)).getBytes(StandardCharsets.US_ASCII);
            byte[] page = new byte[4 + serial.length];
            page[1] = (byte) 0x80;
            page[3] = (byte) serial.length;
            System.arraycopy(serial, 0, page, 4, serial.length);
            return page;
        }
        // a binary page (SMART, VPD) keeps its bytes: only UUIDs, as before; text gets the whole treatment
        if (original.indexOf('\0') >= 0) {
            return UUID.matcher(original).find() ? text(original).getBytes(StandardCharsets.ISO_8859_1) : content;
        }
        String s = original;
        if (fileName.equals("mountinfo") || fileName.equals("mounts")) s = mounts(s);
        s = contents(s);
        return s.equals(original) ? content : s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Learns the host names a file states (systemd's "Hostname set to <…>"), before any file is redacted. */
    void learn(byte[] content) {
        if (!enabled) return;
        Matcher named = HOSTNAME_SET.matcher(new String(content, StandardCharsets.ISO_8859_1));
        while (named.find()) addHost(named.group(1));
    }

    /** Any text file's content: the command line, host names, addresses, UUIDs. */
    String contents(String s) {
        String out = replace(s, COMMAND_LINE, m -> m.substring(0, m.indexOf(':') + 1) + " [redacted]");
        // the longest first: nas.home.example before nas, or the domain would be left behind
        List<String> longestFirst = new ArrayList<>(hostNames);
        longestFirst.sort(java.util.Comparator.comparingInt(String::length).reversed());
        for (String h : longestFirst) {
            out = Pattern.compile("(?<![\\w.-])" + Pattern.quote(h) + "(?![\\w-])", Pattern.CASE_INSENSITIVE).matcher(out).replaceAll("redacted-host");
        }
        out = replace(out, UUID, m -> fakeUuid(m.toLowerCase(Locale.ROOT)));
        out = replace(out, MAC, m -> fakeMac(m.toLowerCase(Locale.ROOT)));
        out = replace(out, IPV6, m -> m.equals("::") || m.equals("::1") ? m : "2001:db8::" + hash(m).substring(0, 4));
        out = replace(out, IPV4, m -> m.startsWith("127.") || m.equals("0.0.0.0") ? m : "192.0.2." + (Integer.parseInt(hash(m).substring(0, 2), 16) % 254 + 1));
        return out;
    }

    /** mountinfo/mounts lines of network filesystems: the source (server and share) and who-options go. */
    private static String mounts(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String[] f = line.split(" ");
            int dash = java.util.Arrays.asList(f).indexOf("-");
            // mountinfo: … - TYPE SOURCE SUPER; /proc/mounts: SOURCE MOUNTPOINT TYPE OPTIONS …
            int type = dash >= 0 ? dash + 1 : 2;
            int source = dash >= 0 ? dash + 2 : 0;
            if (f.length > Math.max(type, source) && NETWORK_FS.contains(f[type])) f[source] = "redacted-server:/redacted";
            b.append(WHO_OPTION.matcher(String.join(" ", f)).replaceAll("$1redacted")).append('\n');
        }
        return b.substring(0, b.length() - 1);
    }

    private static String replace(String s, Pattern p, Function<String, String> with) {
        Matcher m = p.matcher(s);
        if (!m.find()) return s;
        StringBuilder b = new StringBuilder();
        do {
            m.appendReplacement(b, Matcher.quoteReplacement(with.apply(m.group())));
        } while (m.find());
        m.appendTail(b);
        return b.toString();
    }

    private static String fakeUuid(String original) {
        String h = hash(original);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20, 32);
    }

    /** A locally administered unicast MAC (02:…), stable for one original. */
    private static String fakeMac(String original) {
        String h = hash(original);
        return "02:" + h.substring(0, 2) + ":" + h.substring(2, 4) + ":" + h.substring(4, 6) + ":" + h.substring(6, 8) + ":" + h.substring(8, 10);
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

package org.guestdiag.check.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.guestdiag.Fixtures;
import org.guestdiag.check.Checks;
import org.guestdiag.host.Root;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;

/**
 * The real virtio-scsi-single capture (6.1, sda and sdb on their own controllers) with what an ext4 or XFS
 * on sdb1 would add, written in the kernel's own formats: /sys/fs/ext4/sdb1's attributes as fs/ext4/sysfs.c
 * prints them, the mountinfo line, the log lines of fs/ext4/super.c and fs/xfs, sdb's SCSI state and hex
 * counters. Read back by the production readers.
 */
final class Tree {
    static final String SDB = "sys/devices/pci0000:00/0000:00:03.0/virtio2/host1/target1:0:0/1:0:0:0";

    final Path dir;

    Tree(Path tmp) {
        try {
            dir = Fixtures.copy("virtio-scsi-single", tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** sdb1 (8:17) as a partition of sdb, as sysfs links it under /sys/class/block. */
    Tree partition() {
        write(SDB + "/block/sdb/sdb1/dev", "8:17");
        write(SDB + "/block/sdb/sdb1/partition", "1");
        write(SDB + "/block/sdb/sdb1/start", "2048");
        link("sys/class/block/sdb1", "../../devices/pci0000:00/0000:00:03.0/virtio2/host1/target1:0:0/1:0:0:0/block/sdb/sdb1");
        link("sys/class/block/sdb", "../../devices/pci0000:00/0000:00:03.0/virtio2/host1/target1:0:0/1:0:0:0/block/sdb");
        return this;
    }

    Tree ext4(long errors, long firstTime, long lastTime) {
        partition();
        String d = "sys/fs/ext4/sdb1/";
        write("sys/fs/ext4/features/metadata_csum_seed", "supported");
        write(d + "errors_count", Long.toString(errors));
        write(d + "first_error_time", Long.toString(firstTime));
        write(d + "last_error_time", Long.toString(lastTime));
        if (errors > 0) {
            write(d + "first_error_func", "ext4_lookup");
            write(d + "first_error_line", "1855");
            write(d + "first_error_ino", "2");
            write(d + "first_error_block", "0");
            write(d + "first_error_errcode", "0");
            write(d + "last_error_func", "ext4_journal_check_start");
            write(d + "last_error_line", "83");
            write(d + "last_error_ino", "0");
            write(d + "last_error_block", "0");
            write(d + "last_error_errcode", "30");
        }
        return this;
    }

    Tree xfs() {
        partition();
        write("sys/fs/xfs/sdb1/log/log_head_lsn", "1:2");
        write("sys/fs/xfs/stats/stats", "extent_alloc 0 0 0 0\n");
        return this;
    }

    Tree mount(String fsType, String mountOptions, String superOptions) {
        append("proc/self/mountinfo", "40 1 8:17 / /data " + mountOptions + " - " + fsType + " /dev/sdb1 " + superOptions + "\n");
        return this;
    }

    Tree log(String... lines) {
        StringBuilder b = new StringBuilder();
        double t = 100;
        for (String l : lines) b.append(String.format(java.util.Locale.ROOT, "[%12.6f] %s%n", t++, l));
        append("dev/kmsg", b.toString());
        return this;
    }

    Tree sdb(String state, String ioerr, String iotmo) {
        write(SDB + "/state", state);
        if (ioerr != null) write(SDB + "/ioerr_cnt", ioerr);
        if (iotmo != null) write(SDB + "/iotmo_cnt", iotmo);
        return this;
    }

    Inventory inventory(Instant at) {
        Inventory read = Fixtures.inventory(Root.of(dir));
        return read.with(java.util.Map.of(), at);
    }

    Diagnosis diagnose(Instant at) {
        return Diagnosis.run(inventory(at), Checks.all());
    }

    void write(String rel, String content) {
        try {
            Path p = dir.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void append(String rel, String content) {
        try {
            Files.writeString(dir.resolve(rel), content, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void link(String rel, String target) {
        try {
            Path p = dir.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.deleteIfExists(p);
            Files.createSymbolicLink(p, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

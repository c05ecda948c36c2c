package org.guestdiag.host.passthrough;

import static org.guestdiag.host.LibC.O_CLOEXEC;
import static org.guestdiag.host.LibC.O_NONBLOCK;
import static org.guestdiag.host.LibC.O_RDONLY;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.nio.file.Path;
import java.util.List;
import org.guestdiag.host.LibC;

/**
 * A disk's block device opened read-only and non-blocking, for read-only pass-through commands: SG_IO
 * (sg_io_hdr v3, include/scsi/sg.h) for SCSI and SATA-behind-SAT disks, NVME_IOCTL_ADMIN_CMD
 * (include/uapi/linux/nvme_ioctl.h) for NVMe. Every send asks {@link ReadOnlyCommands} first; nothing
 * else reaches the ioctl. O_RDONLY keeps the kernel's own SG_IO filter on the read-only side, O_NONBLOCK
 * keeps open() from waiting for a removable medium.
 */
public final class DevicePassthrough implements AutoCloseable {
    private static final int EPERM = 1;
    private static final int EACCES = 13;
    private static final int EINVAL = 22;
    private static final int ENOTTY = 25;
    private static final int ETIMEDOUT = 110;
    private static final int EOPNOTSUPP = 95;

    private static final long SG_IO = 0x2285;
    /** _IOWR('N', 0x41, struct nvme_admin_cmd): direction 3 << 30, size 72 << 16. */
    private static final long NVME_IOCTL_ADMIN_CMD = 0xC0484E41L;
    private static final int SG_DXFER_NONE = -1;
    private static final int SG_DXFER_FROM_DEV = -3;
    private static final int SENSE_MAX = 64;

    /** struct sg_io_hdr of include/scsi/sg.h; JNA lays it out with the C alignment (88 bytes on x86-64). */
    @Structure.FieldOrder({"interface_id", "dxfer_direction", "cmd_len", "mx_sb_len", "iovec_count", "dxfer_len",
            "dxferp", "cmdp", "sbp", "timeout", "flags", "pack_id", "usr_ptr", "status", "masked_status", "msg_status",
            "sb_len_wr", "host_status", "driver_status", "resid", "duration", "info"})
    public static final class SgIoHdr extends Structure {
        public int interface_id;
        public int dxfer_direction;
        public byte cmd_len;
        public byte mx_sb_len;
        public short iovec_count;
        public int dxfer_len;
        public Pointer dxferp;
        public Pointer cmdp;
        public Pointer sbp;
        public int timeout;
        public int flags;
        public int pack_id;
        public Pointer usr_ptr;
        public byte status;
        public byte masked_status;
        public byte msg_status;
        public byte sb_len_wr;
        public short host_status;
        public short driver_status;
        public int resid;
        public int duration;
        public int info;
    }

    /** struct nvme_passthru_cmd of include/uapi/linux/nvme_ioctl.h (72 bytes). */
    @Structure.FieldOrder({"opcode", "flags", "rsvd1", "nsid", "cdw2", "cdw3", "metadata", "addr", "metadata_len",
            "data_len", "cdw10", "cdw11", "cdw12", "cdw13", "cdw14", "cdw15", "timeout_ms", "result"})
    public static final class NvmePassthruCmd extends Structure {
        public byte opcode;
        public byte flags;
        public short rsvd1;
        public int nsid;
        public int cdw2;
        public int cdw3;
        public long metadata;
        public long addr;
        public int metadata_len;
        public int data_len;
        public int cdw10;
        public int cdw11;
        public int cdw12;
        public int cdw13;
        public int cdw14;
        public int cdw15;
        public int timeout_ms;
        public int result;
    }

    private final int fd;
    private final String display;

    private DevicePassthrough(int fd, String display) {
        this.fd = fd;
        this.display = display;
    }

    /** Opens {@code node} read-only and non-blocking, or says why it could not. */
    public static Opened open(Path node, String display) {
        try {
            return new Opened(new DevicePassthrough(LibC.get().open(node.toString(), O_RDONLY | O_NONBLOCK | O_CLOEXEC), display), null);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == EPERM || errno == EACCES) {
                // open() checks the node's mode and the device cgroup; CAP_SYS_RAWIO matters only for the ioctl
                return new Opened(null, new Answer.Failed(Answer.Failure.NO_PERMISSION, "open " + display
                        + ": permission denied (needs read access to the node: root or the disk group, and a device cgroup that allows it)"));
            }
            return new Opened(null, failed("open " + display, errno));
        }
    }

    /**
     * Whether what was opened is a block device, by fstat of the descriptor itself: a node checked by path before
     * the open may have been replaced in between. False when fstat cannot tell.
     */
    public boolean blockDevice() {
        return org.guestdiag.host.DescriptorRead.fileType(fd).orElse(-1) == org.guestdiag.host.LibC.S_IFBLK;
    }

    /** Either an open device or why it is not. */
    public record Opened(DevicePassthrough device, Answer.Failed failure) { }

    /** Sends a whitelisted command; a command off the whitelist throws {@link RefusedCommand} and is never sent. */
    public Answer send(Command c) {
        ReadOnlyCommands.require(c);
        return c instanceof Command.Scsi s ? scsi(s) : nvme((Command.NvmeAdmin) c);
    }

    private Answer scsi(Command.Scsi c) {
        byte[] cdb = c.cdb();
        Memory cmd = new Memory(cdb.length);
        cmd.write(0, cdb, 0, cdb.length);
        Memory sense = new Memory(SENSE_MAX);
        sense.clear();
        Memory data = c.dataIn() > 0 ? new Memory(c.dataIn()) : null;
        if (data != null) data.clear();
        SgIoHdr h = new SgIoHdr();
        h.interface_id = 'S';
        h.dxfer_direction = c.direction() == Command.Direction.FROM_DEVICE ? SG_DXFER_FROM_DEV : SG_DXFER_NONE;
        h.cmd_len = (byte) cdb.length;
        h.mx_sb_len = (byte) SENSE_MAX;
        h.dxfer_len = c.dataIn();
        h.dxferp = data;
        h.cmdp = cmd;
        h.sbp = sense;
        h.timeout = (int) Math.min(Integer.MAX_VALUE, c.timeout().toMillis());
        try {
            LibC.get().ioctl(fd, new NativeLong(SG_IO), h);
        } catch (LastErrorException e) {
            return failed(c.name() + " on " + display, e.getErrorCode());
        }
        h.read();
        int got = Math.max(0, c.dataIn() - Math.max(0, h.resid));
        byte[] out = data == null ? new byte[0] : data.getByteArray(0, got);
        byte[] sb = sense.getByteArray(0, Math.min(SENSE_MAX, h.sb_len_wr & 0xff));
        Answer.Done done = new Answer.Done(out, h.status & 0xff, sb, h.host_status & 0xffff, h.driver_status & 0xffff);
        if (done.timedOut()) return new Answer.Failed(Answer.Failure.TIMEOUT, c.name() + " on " + display + ": no answer within " + c.timeout().toMillis() + " ms");
        return done;
    }

    private Answer nvme(Command.NvmeAdmin c) {
        Memory data = new Memory(c.dataIn());
        data.clear();
        NvmePassthruCmd n = new NvmePassthruCmd();
        n.opcode = (byte) c.opcode();
        n.nsid = c.nsid();
        n.addr = Pointer.nativeValue(data);
        n.data_len = c.dataIn();
        n.cdw10 = c.cdw10();
        n.cdw11 = c.cdw11();
        n.timeout_ms = (int) Math.min(Integer.MAX_VALUE, c.timeout().toMillis());
        int status;
        try {
            // the ioctl returns the NVMe completion status (> 0) when the controller rejected the command
            status = LibC.get().ioctl(fd, new NativeLong(NVME_IOCTL_ADMIN_CMD), n);
        } catch (LastErrorException e) {
            return failed(c.name() + " on " + display, e.getErrorCode());
        }
        return new Answer.Done(data.getByteArray(0, c.dataIn()), status, new byte[0], 0, 0);
    }

    private static Answer.Failed failed(String what, int errno) {
        return switch (errno) {
            case EPERM, EACCES -> new Answer.Failed(Answer.Failure.NO_PERMISSION, what + ": permission denied (needs root or CAP_SYS_RAWIO)");
            case ENOTTY, EINVAL, EOPNOTSUPP -> new Answer.Failed(Answer.Failure.NOT_SUPPORTED, what + ": the driver takes no pass-through ioctl (errno " + errno + ")");
            case ETIMEDOUT -> new Answer.Failed(Answer.Failure.TIMEOUT, what + ": no answer in time");
            default -> new Answer.Failed(Answer.Failure.ERROR, what + ": errno " + errno);
        };
    }

    @Override
    public void close() {
        try {
            LibC.get().close(fd);
        } catch (LastErrorException ignored) {
            // opened read-only, nothing was written through it: a failed close loses nothing
        }
    }

    /** For the tests: the structure sizes the kernel expects. */
    static List<Integer> structSizes() {
        return List.of(new SgIoHdr().size(), new NvmePassthruCmd().size());
    }
}

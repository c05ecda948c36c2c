package org.guestdiag.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code agent}: the guestdiag program. Exit codes are those of a Nagios/Icinga plugin: 0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN (the agent itself failed or was used wrongly).
 */
@Command(name = "guestdiag", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Diagnoses a Linux VM under QEMU/KVM: CPU model, NUMA, disk buses and queues, discard, NICs, btrfs health.",
        subcommands = {DiagnoseCommand.class, SnapshotCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:OK, nothing worse than info", "1:WARNING", "2:CRITICAL", "3:UNKNOWN: the agent failed or was used wrongly"})
public final class AgentCommand implements Runnable {
    public static final int UNKNOWN = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: diagnose, snapshot or serve");
    }

    /** The command line with exit codes and writers set; tests call this with their own writers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new AgentCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("guestdiag: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
                c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            return UNKNOWN;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            cmd.getErr().println("guestdiag: " + ex.getMessage());
            return UNKNOWN;
        });
        return cl;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(commandLine(out, err), args, err);
        out.flush();
        System.exit(code);
    }

    /**
     * Runs the command line; an Error out of a command (a class missing from a broken install, memory
     * exhausted), which picocli lets through, ends in one line and exit 3 as any failure does, not in the
     * JVM's stack trace.
     */
    static int execute(CommandLine cl, String[] args, PrintWriter err) {
        try {
            return cl.execute(args);
        } catch (LinkageError e) {
            err.println("guestdiag: the installed program is incomplete or mixes versions (" + e.getMessage() + " not found or not loadable): reinstall it");
        } catch (OutOfMemoryError e) {
            err.println("guestdiag: out of memory" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        } catch (Error e) {
            err.println("guestdiag: internal error" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        err.flush();
        return UNKNOWN;
    }
}

package org.guestdiag.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.guestdiag.check.Check;
import org.guestdiag.check.Checks;
import org.guestdiag.read.Source;
import picocli.CommandLine.Option;

/** --check/--skip: which checks run, and so which sources are read. */
public final class Selection {
    @Option(names = "--check", split = ",", paramLabel = "NAME", description = "Run only these checks (repeatable or comma-separated).")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", split = ",", paramLabel = "NAME", description = "Do not run these checks.")
    List<String> skip = new ArrayList<>();

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    /** The selected checks; an unknown name is a usage error, reported with the known names. */
    public List<Check> checks() {
        // `--check ,` splits into no names: running every check would be the opposite of what was asked
        if (only.isEmpty() && mixee != null && mixee.commandLine() != null && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption("--check")) {
            throw new IllegalArgumentException("--check names no check; known: " + String.join(", ", Checks.all().stream().map(Check::name).toList()));
        }
        List<Check> all = Checks.all();
        Set<String> known = new LinkedHashSet<>();
        all.forEach(c -> known.add(c.name()));
        for (String n : concat(only, skip)) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("unknown check '" + n + "'; known: " + String.join(", ", known));
            }
        }
        return all.stream().filter(c -> only.isEmpty() || only.contains(c.name())).filter(c -> !skip.contains(c.name())).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    /** The sources the selected checks need or use, in catalog order. */
    public static List<Source<?>> sourcesFor(List<Check> checks) {
        Set<Source<?>> used = new LinkedHashSet<>();
        for (Check c : checks) {
            used.addAll(c.requires());
            used.addAll(c.optional());
        }
        return org.guestdiag.read.Sources.all().stream().filter(used::contains).toList();
    }
}

package org.guestdiag.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line of src/it/lab/expected.txt: what the agent must conclude about one thing in one configuration,
 * on every kernel ({@code kernel} empty) or on one kernel series only ({@code CONFIG@SERIES}).
 */
record Expectation(String config, String kernel, String kind, String subject, List<String> words, int line) {

    /** A {@code kernel SERIES SUITE CONFIG…|all} line: the suite boots these configurations with that Debian kernel. */
    record Kernel(String series, String suite, List<String> configs, int line) {
        boolean runsAll() {
            return configs.equals(List.of("all"));
        }
    }

    /** The whole file: its kernels (the first is the default) and its expectations. */
    record Table(List<Kernel> kernels, List<Expectation> all) {

        Kernel defaultKernel() {
            return kernels.get(0);
        }

        /** Every configuration with an expectation, in the file's order. */
        List<String> configs() {
            Set<String> c = new LinkedHashSet<>();
            for (Expectation e : all) c.add(e.config());
            return List.copyOf(c);
        }

        List<String> configs(Kernel k) {
            return k.runsAll() ? configs() : k.configs();
        }

        /**
         * What CONFIG must show on SERIES: its lines for every kernel, except where a line for that series has the
         * same kind and subject, which replaces them (a verdict that differs by kernel is stated once per kernel).
         */
        List<Expectation> of(String config, String series) {
            List<Expectation> specific = all.stream().filter(e -> e.config().equals(config) && e.kernel().equals(series)).toList();
            List<Expectation> out = new ArrayList<>();
            for (Expectation e : all) {
                if (!e.config().equals(config) || !e.kernel().isEmpty()) continue;
                if (specific.stream().noneMatch(s -> s.kind().equals(e.kind()) && s.subject().equals(e.subject()))) out.add(e);
            }
            out.addAll(specific);
            return out;
        }
    }

    Map<String, String> pairs() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("expected.txt line " + line + ": not key=value: " + w);
            m.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return m;
    }

    static Table read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    static Table parse(List<String> lines) {
        List<Expectation> list = new ArrayList<>();
        List<Kernel> kernels = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] f = l.split("\\s+");
            if (f[0].equals("kernel")) {
                if (f.length < 4) throw new IllegalArgumentException("expected.txt line " + (i + 1) + ": kernel SERIES SUITE CONFIG...|all");
                kernels.add(new Kernel(f[1], f[2], List.of(f).subList(3, f.length), i + 1));
                continue;
            }
            if (f.length < 2) throw new IllegalArgumentException("expected.txt line " + (i + 1) + ": too short");
            String kind = f[1];
            // warnings/finding/nofinding take their words right after the kind; the others name a subject first
            boolean subjectless = kind.equals("warnings") || kind.equals("finding") || kind.equals("nofinding") || kind.equals("btrfs-ioctl");
            String subject = subjectless ? "-" : f[2];
            List<String> words = List.of(f).subList(subjectless ? 2 : 3, f.length);
            int at = f[0].indexOf('@');
            String config = at < 0 ? f[0] : f[0].substring(0, at);
            String kernel = at < 0 ? "" : f[0].substring(at + 1);
            list.add(new Expectation(config, kernel, kind, subject, words, i + 1));
        }
        Table t = new Table(List.copyOf(kernels), List.copyOf(list));
        check(t);
        return t;
    }

    /** A line that no boot would ever check is a mistake in the file, not a pass. */
    private static void check(Table t) {
        if (t.kernels().isEmpty()) throw new IllegalArgumentException("expected.txt: no kernel line");
        List<String> configs = t.configs();
        Set<String> series = new LinkedHashSet<>();
        for (Kernel k : t.kernels()) {
            if (!series.add(k.series())) throw new IllegalArgumentException("expected.txt line " + k.line() + ": kernel " + k.series() + " twice");
            if (k.runsAll()) continue;
            for (String c : k.configs()) {
                if (!configs.contains(c)) throw new IllegalArgumentException("expected.txt line " + k.line() + ": no expectations for " + c);
            }
        }
        for (Expectation e : t.all()) {
            if (e.kernel().isEmpty()) continue;
            Kernel k = t.kernels().stream().filter(x -> x.series().equals(e.kernel())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("expected.txt line " + e.line() + ": no kernel line for " + e.kernel()));
            if (!t.configs(k).contains(e.config())) {
                throw new IllegalArgumentException("expected.txt line " + e.line() + ": " + e.config() + " is not run on " + e.kernel());
            }
        }
    }
}

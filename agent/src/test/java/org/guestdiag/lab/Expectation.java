package org.guestdiag.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One line of src/it/lab/expected.txt: what the agent must conclude about one thing in one configuration. */
record Expectation(String config, String kind, String subject, List<String> words, int line) {

    Map<String, String> pairs() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("expected.txt line " + line + ": not key=value: " + w);
            m.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return m;
    }

    static List<Expectation> read(Path file) throws IOException {
        List<Expectation> list = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] f = l.split("\\s+");
            if (f.length < 2) throw new IllegalArgumentException("expected.txt line " + (i + 1) + ": too short");
            String kind = f[1];
            // warnings/finding/nofinding take their words right after the kind; the others name a subject first
            boolean subjectless = kind.equals("warnings") || kind.equals("finding") || kind.equals("nofinding") || kind.equals("btrfs-ioctl");
            String subject = subjectless ? "-" : f[2];
            List<String> words = List.of(f).subList(subjectless ? 2 : 3, f.length);
            list.add(new Expectation(f[0], kind, subject, words, i + 1));
        }
        return list;
    }
}

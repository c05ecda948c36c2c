package org.guestdiag.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.guestdiag.check.CheckResult;
import org.guestdiag.check.Checks;
import org.guestdiag.check.Severity;
import org.guestdiag.cli.Selection;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.Bus;
import org.guestdiag.model.SmartDisk;
import org.guestdiag.run.Collector;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JsonWriter against the ObjectMapper it replaced ({@link Json#MAPPER}, configured as before), byte for
 * byte: on every snapshot's full diagnosis and its findings and inventory, on every model record with
 * all its optional parts present and absent, and on the edge shapes (sorting, numbers, escapes).
 */
class JsonWriterTest {
    static final Path SNAPSHOTS = Path.of("../checks/src/test/snapshots").toAbsolutePath().normalize();

    static List<String> snapshots() throws IOException {
        try (Stream<Path> s = Files.list(SNAPSHOTS)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void everySnapshotIsWrittenAsTheMapperWroteIt(String snapshot) throws Exception {
        var checks = Checks.all();
        Diagnosis d;
        try (Collector c = new Collector()) {
            Inventory inv = c.collect(Root.of(SNAPSHOTS.resolve(snapshot)), Selection.sourcesFor(checks), Duration.ofSeconds(20), Inventory.empty());
            d = Diagnosis.run(inv, checks);
        }
        assertThat(d.inventory().outcomes()).isNotEmpty();
        assertSame(JsonReport.diagnosis(d));
        assertSame(JsonReport.findings(d));
        assertSame(JsonReport.inventory(d.inventory()));
    }

    /** Failed and stuck sources, unreadable files, checks that could not run: the shapes snapshots rarely have. */
    @Test
    void failedStuckAndPartlyReadSources() throws Exception {
        Map<String, Outcome<?>> outcomes = new LinkedHashMap<>();
        outcomes.put("cpu", new Outcome.Failed<>("/proc/cpuinfo: permission denied", Duration.ofMillis(3)));
        outcomes.put("disks", new Outcome.Stuck<>("no answer after 10s", Instant.parse("2026-11-25T21:01:51.123456789Z")));
        outcomes.put("nics", new Outcome.Ok<>(List.of(), List.of(new ReadException("/sys/class/net/eth0/device", "gone"),
                new ReadException("/sys/x", 3, "line", "bad line")), Duration.ofNanos(1_234_567)));
        outcomes.put("trim_schedule", new Outcome.Ok<>(new org.guestdiag.model.TrimSchedule(false, List.of(), List.of()), List.of(), Duration.ZERO));
        Diagnosis d = Diagnosis.run(new Inventory(outcomes, Instant.EPOCH), Checks.all());
        assertThat(d.results()).anyMatch(r -> r.status() == CheckResult.Status.STUCK).anyMatch(r -> r.status() == CheckResult.Status.FAILED);
        assertSame(JsonReport.diagnosis(d));
        assertSame(JsonReport.findings(d));
        assertSame(JsonReport.inventory(d.inventory()));
    }

    /** Every record of the model and the checks, built with each optional part present, then absent. */
    @Test
    void everyModelRecordAsTheMapperWroteIt() throws Exception {
        List<Class<?>> records = recordClasses("org/guestdiag/model", "org/guestdiag/check");
        assertThat(records).extracting(Class::getSimpleName).contains("Disk", "Cpu", "BtrfsFilesystem", "SmartDisk", "Finding", "Ata", "Scanned");
        for (Class<?> type : records) {
            for (boolean present : new boolean[] {true, false}) {
                Object value = new Samples(present).of(type);
                try {
                    assertSame(value);
                    assertSame(List.of(value, value));
                    assertSame(Map.of("v", value));
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(type.getName() + (present ? " (present)" : " (absent)"), e);
                }
            }
        }
    }

    record Shape(String camelCase, Optional<String> absentOne, OptionalLong maxIOSize, String nullOne, List<Integer> x86Level,
                 OptionalDouble ratio, Object untyped, Optional<?> wildcard, List<Optional<String>> optionals, Map<String, Object> extra) { }

    @Test
    void edgeShapesAsTheMapperWroteThem() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Integer> unsorted = new LinkedHashMap<>();
        unsorted.put("z", 1);
        unsorted.put("a", 2);
        unsorted.put("B", 3);
        unsorted.put("_", 4);
        m.put("nested", unsorted);
        TreeMap<String, Integer> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(unsorted);
        m.put("reversed", reversed);
        m.put("unmodifiable", Collections.unmodifiableMap(reversed));
        Map<Integer, String> ints = new LinkedHashMap<>();
        ints.put(10, "x");
        ints.put(9, "y");
        ints.put(100, "z");
        m.put("ints", ints);
        Map<Long, String> longs = new LinkedHashMap<>();
        longs.put(1L << 40, "x");
        longs.put(-1L, "y");
        m.put("longs", longs);
        Map<Severity, Integer> severities = new LinkedHashMap<>();
        severities.put(Severity.CRITICAL, 1);
        severities.put(Severity.OK, 2);
        m.put("severity_keys", severities);
        Map<Bus, Integer> buses = new LinkedHashMap<>();
        buses.put(Bus.VIRTIO_SCSI, 1);
        buses.put(Bus.AHCI, 2);
        m.put("bus_keys", buses);
        Map<String, Object> absent = new LinkedHashMap<>();
        absent.put("null", null);
        absent.put("empty", Optional.empty());
        absent.put("int", OptionalInt.empty());
        absent.put("long", OptionalLong.empty());
        absent.put("double", OptionalDouble.empty());
        absent.put("present", Optional.of(1));
        absent.put("present_int", OptionalInt.of(-1));
        m.put("absent", absent);
        m.put("list", Arrays.asList(null, Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), OptionalDouble.empty(),
                Optional.of("x"), OptionalDouble.of(0.25), 1, 2L, (short) 3, (byte) 4, 1.5f, 0.1f, 3.4028235e38f, 0.1, 1e21, 1e-7, 123456.789,
                -0.0, 100.0, Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Double.MIN_VALUE, Long.MIN_VALUE,
                BigInteger.TWO.pow(80), new BigDecimal("1.10"), new BigDecimal("1E+3"), true, false));
        m.put("strings", List.of("", "ctrl \u0000\u0001\u001f\t\n\r \" \\ / é ß 😀 \u2028 \u007f </script>"));
        m.put("durations", List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofMillis(1500), Duration.ofDays(400),
                Duration.ofNanos(123_456_789), Duration.ofSeconds(-2), Duration.ofNanos(100)));
        m.put("instants", List.of(Instant.EPOCH, Instant.parse("2026-11-25T21:01:51.123456789Z"), Instant.parse("2026-11-25T21:01:51.120Z")));
        m.put("paths", List.of(Path.of("/tmp/a b/ü#?"), Path.of("/")));
        m.put("enums", List.of(Bus.VIRTIO_BLK, Bus.LSI_53C8XX, Severity.WARNING, SmartDisk.Reason.NO_SG_IO, CheckResult.Status.STUCK));
        m.put("sets", List.of(new TreeSet<>(Set.of("b", "a")), new LinkedHashSet<>(List.of("z", "y"))));
        m.put("array", new Object[] {"a", 1, null, new String[] {"b"}});
        m.put("empties", List.of(List.of(), Map.of(), Set.of(), new Object[0], List.of(List.of()), List.of(Map.of())));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("y", 1);
        extra.put("x", null);
        extra.put("empty", Optional.empty());
        m.put("record", new Shape("v", Optional.empty(), OptionalLong.of(4096), null, List.of(1, 2), OptionalDouble.of(1e-3),
                Optional.empty(), Optional.of(Optional.empty()), List.of(Optional.empty(), Optional.of("o")), extra));
        m.put("records", List.of(new Shape(null, Optional.of("x"), OptionalLong.empty(), "n", List.of(), OptionalDouble.empty(),
                OptionalInt.empty(), Optional.empty(), List.of(), Map.of())));
        m.put("nested_optional", Optional.of(Optional.empty()));
        assertSame(m);
        for (Object top : Arrays.asList(null, "s", 1, 2.5, true, List.of(), Map.of(), Optional.empty(), Optional.of("x"), Severity.OK,
                Duration.ofSeconds(1), Instant.EPOCH, new Object[0])) {
            assertSame(top);
        }
    }

    @Test
    void keysAreSnakeCasedAsDatabindDoes() throws Exception {
        var jackson = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
        List<String> names = new ArrayList<>(List.of("a", "A", "_x", "_", "__x", "x_", "a__b", "maxIOSize", "URL", "aURL", "URLs", "x86Level",
                "raid1c3", "IOStats", "A_B", "a_B", "aB_c", "äpfelBaum", "ÄÖÜ", "sysHypervisorType", "discardMaxHwBytes", "canQueue",
                "cpu0Id", "aBCdEF", "x1Y2", "with space", "ǅx", "eTag"));
        for (Class<?> type : recordClasses("org/guestdiag/model", "org/guestdiag/check")) {
            for (var c : type.getRecordComponents()) names.add(c.getName());
        }
        for (String n : names) assertThat(SnakeCase.of(n)).as(n).isEqualTo(jackson.translate(n));
        assertThat(SnakeCase.of("maxIOSize")).isEqualTo("max_iosize");
    }

    record WithGetter(String a) {
        public String getB() {
            return "b";
        }
    }

    record WithIsGetter(boolean a) {
        public boolean isB() {
            return true;
        }
    }

    record Renamed(@JsonProperty("other") String a) { }

    record Nothing() { }

    record OptionalOfOptional(Optional<Optional<String>> a) { }

    record MapOfOptionals(List<Map<String, OptionalInt>> a) { }

    @Test
    void whatItDoesNotMirrorFailsLoudly() {
        for (Object unknown : List.of(new Object(), new int[] {1}, new byte[] {1}, new char[] {'a'}, new java.util.Date(0), 'c',
                new java.util.concurrent.atomic.AtomicLong(1), URI.create("http://x"), new WithGetter("a"), new WithIsGetter(true),
                new Renamed("a"), new Nothing(), new OptionalOfOptional(Optional.empty()), new MapOfOptionals(List.of()),
                List.of(new Object()), Map.of(URI.create("x"), 1))) {
            assertThatThrownBy(() -> JsonWriter.toJson(unknown)).as(unknown.getClass().getName()).isInstanceOf(IllegalArgumentException.class);
        }
        Map<String, Integer> nullKey = new java.util.HashMap<>();
        nullKey.put(null, 1);
        assertThatThrownBy(() -> JsonWriter.toJson(nullKey)).isInstanceOf(RuntimeException.class);
    }

    /** The String and the UTF-8 form, each as its ObjectMapper counterpart. */
    static void assertSame(Object value) throws IOException {
        assertThat(JsonWriter.toJson(value)).isEqualTo(Json.MAPPER.writeValueAsString(value));
        byte[] bytes = JsonWriter.toJsonBytes(value);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(new String(Json.MAPPER.writeValueAsBytes(value), StandardCharsets.UTF_8));
        assertThat(bytes).isEqualTo(Json.MAPPER.writeValueAsBytes(value));
    }

    /** The record classes (nested ones too) under these package directories, from the class path. */
    static List<Class<?>> recordClasses(String... packages) throws IOException {
        List<Class<?>> found = new ArrayList<>();
        for (String pkg : packages) {
            Enumeration<URL> urls = JsonWriterTest.class.getClassLoader().getResources(pkg);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                try {
                    if (url.getProtocol().equals("jar")) {
                        try (FileSystem fs = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                            found.addAll(recordsUnder(fs.getPath(pkg), pkg));
                        }
                    } else {
                        found.addAll(recordsUnder(Path.of(url.toURI()), pkg));
                    }
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        found.sort(Comparator.comparing(Class::getName));
        return found;
    }

    private static List<Class<?>> recordsUnder(Path dir, String pkg) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class")).map(n -> {
                try {
                    return Class.forName(pkg.replace('/', '.') + "." + n.substring(0, n.length() - ".class".length()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }).filter(Class::isRecord).<Class<?>>map(c -> c).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

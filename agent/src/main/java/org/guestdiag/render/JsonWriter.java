package org.guestdiag.render;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Bus;

/**
 * Writes our JSON shapes (JsonReport's maps and the model records in them) with jackson-core's streaming
 * generator alone. Building a databind ObjectMapper and letting it discover serializers and introspect
 * records cost 0.15-0.3 s of every cold {@code diagnose --format json}; this writes the same bytes as that
 * mapper did (snake_case keys, absent values left out, map entries sorted by key, the default pretty
 * printer), which JsonWriterTest holds it to against the mapper itself. A type it does not know is an
 * error, never a guess: the mapper would have written something we did not check.
 */
public final class JsonWriter {
    private JsonWriter() { }

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Per record class, its JSON properties in declaration order: introspected once. */
    private static final ClassValue<List<Property>> PROPERTIES = new ClassValue<>() {
        @Override protected List<Property> computeValue(Class<?> type) {
            return properties(type);
        }
    };

    /**
     * NON_ABSENT inclusion goes by the declared type: a component declared Optional (or OptionalInt …) is
     * left out when empty, one declared Object that holds an empty Optional is written as null.
     */
    private record Property(String key, String component, Method accessor, boolean optional) { }

    /** As {@code ObjectMapper.writeValueAsString}: no trailing newline. */
    public static String toJson(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g.useDefaultPrettyPrinter(), value, Exposure.LOCAL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** As {@code ObjectMapper.writeValueAsBytes}: UTF-8. */
    public static byte[] toJsonBytes(Object value) {
        return toJsonBytes(value, Exposure.LOCAL);
    }

    /** UTF-8, leaving out the record components that {@code exposure} withholds. */
    public static byte[] toJsonBytes(Object value, Exposure exposure) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(g.useDefaultPrettyPrinter(), value, exposure);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object v, Exposure x) throws IOException {
        if (v == null) g.writeNull();
        else if (v instanceof String s) g.writeString(s);
        else if (v instanceof Boolean b) g.writeBoolean(b);
        else if (v instanceof Integer || v instanceof Short || v instanceof Byte) g.writeNumber(((Number) v).intValue());
        else if (v instanceof Long l) g.writeNumber(l);
        else if (v instanceof Double d) g.writeNumber(d);
        else if (v instanceof Float f) g.writeNumber(f);
        else if (v instanceof BigInteger b) g.writeNumber(b);
        else if (v instanceof BigDecimal b) g.writeNumber(b);
        // the labels metrics and the text report use, not the constants' names
        else if (v instanceof Bus b) g.writeString(b.label());
        else if (v instanceof Severity s) g.writeString(s.label());
        else if (v instanceof Enum<?> e) g.writeString(e.name());
        // seconds as a number, so that scripts need not parse ISO-8601 durations
        else if (v instanceof Duration d) g.writeNumber(d.toNanos() / 1e9);
        else if (v instanceof Instant i) g.writeString(i.toString());
        // databind writes a Path as its URI
        else if (v instanceof Path p) g.writeString(p.toUri().toString());
        // an empty Optional where it is not left out (in a list, a map) is a null, as the Jdk8Module wrote it
        else if (v instanceof Optional<?> o) write(g, o.orElse(null), x);
        else if (v instanceof OptionalInt o) { if (o.isPresent()) g.writeNumber(o.getAsInt()); else g.writeNull(); }
        else if (v instanceof OptionalLong o) { if (o.isPresent()) g.writeNumber(o.getAsLong()); else g.writeNull(); }
        else if (v instanceof OptionalDouble o) { if (o.isPresent()) g.writeNumber(o.getAsDouble()); else g.writeNull(); }
        else if (v instanceof Map<?, ?> m) writeMap(g, m, x);
        else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object e : c) write(g, e, x);
            g.writeEndArray();
        } else if (v instanceof Object[] a) {
            g.writeStartArray();
            for (Object e : a) write(g, e, x);
            g.writeEndArray();
        } else if (v instanceof Record r) writeRecord(g, r, x);
        else throw new IllegalArgumentException("no JSON shape for " + v.getClass().getName());
    }

    /** ORDER_MAP_ENTRIES_BY_KEYS sorted every map by its keys' natural order, unless it was already a SortedMap. */
    private static void writeMap(JsonGenerator g, Map<?, ?> m, Exposure x) throws IOException {
        Map<?, ?> sorted = m instanceof SortedMap<?, ?> ? m : new TreeMap<>(m);
        g.writeStartObject();
        for (Map.Entry<?, ?> e : sorted.entrySet()) {
            // databind knows only the erased value type of a map here (Object): it leaves out nulls, but
            // writes an empty Optional as null
            if (e.getValue() == null) continue;
            g.writeFieldName(key(e.getKey()));
            write(g, e.getValue(), x);
        }
        g.writeEndObject();
    }

    private static String key(Object k) {
        if (k instanceof String s) return s;
        if (k instanceof Integer || k instanceof Long) return k.toString();
        if (k instanceof Enum<?> e) return e.name();
        throw new IllegalArgumentException("no JSON key for " + (k == null ? "null" : k.getClass().getName()));
    }

    private static void writeRecord(JsonGenerator g, Record r, Exposure x) throws IOException {
        g.writeStartObject();
        for (Property p : PROPERTIES.get(r.getClass())) {
            if (x.withholds(r.getClass(), p.component())) continue;
            Object value;
            try {
                value = p.accessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + r.getClass().getName() + "." + p.accessor().getName(), e);
            }
            if (value == null || p.optional() && absent(value)) continue;
            g.writeFieldName(p.key());
            write(g, value, x);
        }
        g.writeEndObject();
    }

    private static boolean absent(Object v) {
        return v instanceof Optional<?> o ? o.isEmpty()
                : v instanceof OptionalInt i ? i.isEmpty()
                : v instanceof OptionalLong l ? l.isEmpty()
                : v instanceof OptionalDouble d && d.isEmpty();
    }

    /**
     * The record's components, in declaration order as databind put them. What databind would have added
     * or changed (a bean getter, a Jackson annotation) or refused (no properties at all) is refused here,
     * rather than silently written differently.
     */
    private static List<Property> properties(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        if (components.length == 0) throw new IllegalArgumentException("no JSON properties in " + type.getName());
        refuseJacksonAnnotations(type, type.getAnnotations());
        for (Method m : type.getMethods()) {
            String n = m.getName();
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getReturnType() == void.class
                    || n.equals("getClass")) continue;
            if (n.startsWith("get") || n.startsWith("is")) {
                throw new IllegalArgumentException(type.getName() + "." + n + "() looks like a bean getter to databind, which this writer does not mirror");
            }
        }
        List<Property> properties = new ArrayList<>(components.length);
        for (RecordComponent c : components) {
            Method accessor = c.getAccessor();
            refuseJacksonAnnotations(type, c.getAnnotations());
            refuseJacksonAnnotations(type, accessor.getAnnotations());
            try {
                // an annotation on a component is copied to the private field too, where databind also looks
                refuseJacksonAnnotations(type, type.getDeclaredField(c.getName()).getAnnotations());
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            // a public accessor of a record that is not itself public
            accessor.setAccessible(true);
            refuseNestedAbsence(type, c.getGenericType());
            properties.add(new Property(SnakeCase.of(c.getName()), c.getName(), accessor, OPTIONALS.contains(c.getType())));
        }
        return List.copyOf(properties);
    }

    private static final List<Class<?>> OPTIONALS = List.of(Optional.class, OptionalInt.class, OptionalLong.class, OptionalDouble.class);

    /**
     * Where databind's NON_ABSENT would look into a declared type (an Optional of an Optional, a map of
     * Optionals) it leaves out what this writer would write as null: refused, no record of ours has one.
     */
    private static void refuseNestedAbsence(Class<?> type, Type t) {
        if (!(t instanceof ParameterizedType p)) return;
        Type[] args = p.getActualTypeArguments();
        Type contained = p.getRawType() == Optional.class ? args[0] : Map.class.isAssignableFrom((Class<?>) p.getRawType()) ? args[1] : null;
        Type raw = contained instanceof ParameterizedType cp ? cp.getRawType() : contained;
        if (raw != null && OPTIONALS.contains(raw)) {
            throw new IllegalArgumentException(type.getName() + " has a " + t.getTypeName() + ", which this writer does not mirror");
        }
        for (Type a : args) refuseNestedAbsence(type, a);
    }

    private static void refuseJacksonAnnotations(Class<?> type, Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().startsWith("com.fasterxml.jackson.")) {
                throw new IllegalArgumentException(type.getName() + " has " + a + ", which this writer does not honour");
            }
        }
    }
}

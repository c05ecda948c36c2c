package org.guestdiag.render;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An instance of any model record, built from its components' declared types, with every Optional present
 * or every one absent; the values vary from call to call (numbers of every magnitude, strings that need
 * escaping, keys out of order) so that one instance exercises the writer's formatting.
 */
final class Samples {
    private static final double[] DOUBLES = {0.1, 1234.5678, 1e-7, 1e21, 3.0, 0.0, -2.5, 86399.999999};
    private static final String[] STRINGS = {"vda", "QEMU HARDDISK", "a\"b\\c\u0001\té😀", "", "/sys/devices/pci0000:00/0000:00:02.0"};

    private final boolean present;
    private int n;

    Samples(boolean present) {
        this.present = present;
    }

    Object of(Type t) {
        n++;
        if (t instanceof ParameterizedType p) return parameterized(p);
        if (t instanceof TypeVariable<?> || t instanceof WildcardType) return STRINGS[n % STRINGS.length];
        Class<?> c = (Class<?>) t;
        if (c == String.class) return STRINGS[n % STRINGS.length];
        if (c == int.class || c == Integer.class) return n % 3 == 0 ? -n : n * 1000;
        if (c == long.class || c == Long.class) return n % 2 == 0 ? (1L << 42) + n : n;
        if (c == double.class || c == Double.class) return DOUBLES[n % DOUBLES.length];
        if (c == boolean.class || c == Boolean.class) return n % 2 == 0;
        if (c == BigInteger.class) return BigInteger.TWO.pow(64 + n % 70);
        if (c == Duration.class) return Duration.ofNanos(123_456_789L * n);
        if (c == Instant.class) return Instant.ofEpochSecond(1_700_000_000L + n, n * 1000L);
        if (c == Path.class) return Path.of("/tmp/" + n);
        if (c == OptionalInt.class) return present ? OptionalInt.of(n) : OptionalInt.empty();
        if (c == OptionalLong.class) return present ? OptionalLong.of(n * 1_000_000_007L) : OptionalLong.empty();
        if (c == OptionalDouble.class) return present ? OptionalDouble.of(DOUBLES[n % DOUBLES.length]) : OptionalDouble.empty();
        if (c.isEnum()) return c.getEnumConstants()[n % c.getEnumConstants().length];
        if (c.isArray()) {
            Object a = Array.newInstance(c.getComponentType(), 1);
            Array.set(a, 0, of(c.getComponentType()));
            return a;
        }
        if (c.isRecord()) return record(c);
        if (c.isSealed()) {
            Class<?>[] kinds = c.getPermittedSubclasses();
            return of(kinds[n % kinds.length]);
        }
        throw new IllegalArgumentException("no sample of " + c);
    }

    private Object parameterized(ParameterizedType p) {
        Class<?> raw = (Class<?>) p.getRawType();
        Type[] args = p.getActualTypeArguments();
        if (raw == Optional.class) return present ? Optional.of(of(args[0])) : Optional.empty();
        if (Map.class.isAssignableFrom(raw)) {
            Map<Object, Object> m = new LinkedHashMap<>();
            // keys out of order, to see them sorted
            for (String k : List.of("system", "data", "metadata")) m.put(args[0] == String.class ? k : of(args[0]), of(args[1]));
            return m;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Collection<Object> c = Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
            c.add(of(args[0]));
            c.add(of(args[0]));
            return c;
        }
        if (raw.isRecord() || raw.isSealed() || raw.isInterface()) return of(raw);
        throw new IllegalArgumentException("no sample of " + p);
    }

    private Object record(Class<?> c) {
        RecordComponent[] components = c.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = of(components[i].getGenericType());
        }
        try {
            Constructor<?> k = c.getDeclaredConstructor(types);
            k.setAccessible(true);
            return k.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + c.getName(), e);
        }
    }
}

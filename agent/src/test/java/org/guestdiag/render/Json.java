package org.guestdiag.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Bus;

/**
 * The ObjectMapper that wrote our JSON before JsonWriter, configured as it was: snake_case keys, absent
 * values left out, enums by their stable labels. Tests read JSON with it and hold JsonWriter to its bytes.
 */
public final class Json {
    private Json() { }

    public static final ObjectMapper MAPPER = create();

    private static ObjectMapper create() {
        SimpleModule labels = new SimpleModule("guestdiag-labels");
        labels.addSerializer(Bus.class, new StdSerializer<>(Bus.class) {
            @Override public void serialize(Bus v, JsonGenerator g, SerializerProvider p) throws IOException { g.writeString(v.label()); }
        });
        labels.addSerializer(Severity.class, new StdSerializer<>(Severity.class) {
            @Override public void serialize(Severity v, JsonGenerator g, SerializerProvider p) throws IOException { g.writeString(v.label()); }
        });
        labels.addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
            @Override public void serialize(Duration v, JsonGenerator g, SerializerProvider p) throws IOException { g.writeNumber(v.toNanos() / 1e9); }
        });
        labels.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException { g.writeString(v.toString()); }
        });
        return new ObjectMapper()
                .registerModule(new Jdk8Module())
                .registerModule(labels)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_ABSENT)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }
}

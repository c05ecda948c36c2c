package org.guestdiag.render;

/**
 * Record component names as JSON keys, by the rule of jackson-databind's
 * {@code PropertyNamingStrategies.SnakeCaseStrategy} (2.23), so that the keys stay those of the
 * ObjectMapper that used to write our JSON. A run of capitals is one word ({@code maxIOSize} gives
 * {@code max_iosize}), digits never start one ({@code raid1c3}); a leading underscore is dropped.
 */
final class SnakeCase {
    private SnakeCase() { }

    static String of(String name) {
        if (name == null || name.isEmpty()) return name;
        StringBuilder out = new StringBuilder(name.length() * 2);
        boolean previousUpper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i == 0 && c == '_') continue;
            if (Character.isUpperCase(c)) {
                if (!previousUpper && out.length() > 0 && out.charAt(out.length() - 1) != '_') out.append('_');
                c = Character.toLowerCase(c);
                previousUpper = true;
            } else {
                previousUpper = false;
            }
            out.append(c);
        }
        // Jackson gives back the name itself when nothing is left of it (a lone "_")
        return out.length() > 0 ? out.toString() : name;
    }
}

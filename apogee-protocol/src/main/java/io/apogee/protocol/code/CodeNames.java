package io.apogee.protocol.code;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a code-to-name table from the {@code public static final int} constants of a code class,
 * so the names used in logs can never drift from the constants themselves.
 *
 * <p>Thread safety: immutable after construction; safe from any thread.
 */
final class CodeNames {

    private final Map<Integer, String> names;

    CodeNames(Class<?> codes) {
        Map<Integer, String> table = new HashMap<>();
        for (Field field : codes.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (field.getType() == int.class && Modifier.isPublic(modifiers)
                    && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)) {
                try {
                    // The first constant wins when two share a value, which keeps the spec's name.
                    table.putIfAbsent(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read code constant " + field.getName(), e);
                }
            }
        }
        this.names = Map.copyOf(table);
    }

    /** The constant's name, or {@code null} when the code has none. */
    String nameOrNull(int code) {
        return names.get(code);
    }

    /** The constant's name, or the bare number when the code has none. */
    String name(int code) {
        String name = names.get(code);
        return name != null ? name : Integer.toString(code);
    }
}

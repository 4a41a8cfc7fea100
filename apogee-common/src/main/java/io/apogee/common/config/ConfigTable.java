package io.apogee.common.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one place a configurable part declares its keys: for each, its {@link ConfigKey} description, how its
 * text is parsed and checked, where the value goes in the part's settings object {@code C}, and how the
 * current value is read back as text. Files, admin updates, {@code apogee config list} and the generated
 * reference all go through it, so a key cannot be read without being declared, and every boolean, number
 * and unknown key is handled by the same rules in every part.
 *
 * <p>Errors are collected, not thrown one at a time: {@link #apply} adds one line per bad value to the list it
 * is given, so an operator sees every mistake of a file in one run.
 *
 * <p>Thread safety: built once in a static initializer, then read-only.
 *
 * @param <C> the settings object the values go into
 */
public final class ConfigTable<C> {

    private record Entry<C>(ConfigKey key, Function<String, ?> parser, BiConsumer<C, Object> apply,
                            Function<C, String> read) {
    }

    private final String part;
    private final Map<String, Entry<C>> entries = new LinkedHashMap<>();

    public ConfigTable(String part) {
        this.part = part;
    }

    /**
     * Declares a key.
     *
     * @param parser turns the text into the value, throwing IllegalArgumentException with the reason
     * @param apply  stores a parsed value into the settings object
     * @param read   the settings object's current value as it would be written in a file
     */
    @SuppressWarnings("unchecked")
    public <T> ConfigTable<C> key(String name, String type, String defaultText, String unit, boolean changeable,
                                  String doc, Function<String, T> parser, BiConsumer<C, T> apply, Function<C, ?> read) {
        if (entries.containsKey(name)) {
            throw new IllegalStateException(name + " is declared twice in " + part);
        }
        entries.put(name, new Entry<>(new ConfigKey(part, name, type, defaultText, unit, changeable, doc), parser,
                (BiConsumer<C, Object>) apply, c -> {
                    Object value = read.apply(c);
                    return value == null ? "" : value.toString();
                }));
        return this;
    }

    public String part() {
        return part;
    }

    /** Every key's name, in declaration order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** Every key's description, in declaration order. */
    public List<ConfigKey> keys() {
        List<ConfigKey> keys = new ArrayList<>();
        entries.values().forEach(e -> keys.add(e.key()));
        return keys;
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Whether {@code name} is declared changeable at run time. */
    public boolean changeable(String name) {
        Entry<C> entry = entries.get(name);
        return entry != null && entry.key().changeable();
    }

    /** Sets every key of {@code target} to its default (the defaults are valid, so this never fails). */
    public void applyDefaults(C target) {
        List<String> errors = new ArrayList<>();
        for (Entry<C> entry : entries.values()) {
            set(target, entry, entry.key().defaultText(), errors);
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a default of " + part + " is invalid: " + errors);
        }
    }

    /**
     * Parses and applies the values of {@code given} whose keys this table declares (others are left for the
     * caller, which knows the other parts of the same file); each bad value adds one line to {@code errors}
     * and is not applied.
     */
    public void apply(C target, Map<String, String> given, List<String> errors) {
        for (Map.Entry<String, String> value : new TreeMap<>(given).entrySet()) {
            Entry<C> entry = entries.get(value.getKey());
            if (entry != null) {
                set(target, entry, value.getValue().trim(), errors);
            }
        }
    }

    private void set(C target, Entry<C> entry, String text, List<String> errors) {
        Object parsed;
        try {
            parsed = entry.parser().apply(text);
        } catch (RuntimeException e) {
            errors.add(entry.key().name() + "=" + text + ": " + e.getMessage() + " (" + entry.key().doc() + ")");
            return;
        }
        entry.apply().accept(target, parsed);
    }

    /** Every key with its current value in {@code target} as text, in declaration order. */
    public Map<String, String> values(C target) {
        Map<String, String> values = new LinkedHashMap<>();
        entries.values().forEach(e -> values.put(e.key().name(), e.read().apply(target)));
        return values;
    }

    /**
     * The keys of {@code given} that none of {@code tables} declares and {@code ignored} does not list,
     * described with the nearest known key; null when there are none.
     */
    public static String unknownKeys(String what, Collection<String> given, Collection<String> ignored,
                                     List<ConfigTable<?>> tables) {
        List<String> known = new ArrayList<>(ignored);
        tables.forEach(t -> known.addAll(t.names()));
        List<String> unknown = new ArrayList<>();
        for (String key : new TreeSet<>(given)) {
            if (!known.contains(key)) {
                unknown.add(key);
            }
        }
        return unknown.isEmpty() ? null : UnknownKeys.describe(what, unknown, known);
    }
}

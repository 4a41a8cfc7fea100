package io.apogee.common.config;

import java.util.Collection;
import java.util.TreeSet;

/**
 * The message a configuration reader fails with when a file holds keys it does not know: each unknown key
 * with the known key nearest to it by edit distance ({@code 'brokerNmae' (did you mean 'brokerName'?)}),
 * and the list of known keys when some unknown key is near none of them. A typo is then fixed from the
 * message alone instead of silently doing nothing.
 *
 * <p>Thread safety: stateless; called once per configuration file, before any server starts.
 */
public final class UnknownKeys {

    private UnknownKeys() {
    }

    /**
     * @param what    whose keys these are, e.g. {@code "broker configuration"}
     * @param unknown the keys the file set that are not known, in the order to report them
     * @param known   every key the reader accepts
     */
    public static String describe(String what, Collection<String> unknown, Collection<String> known) {
        StringBuilder text = new StringBuilder("unknown ").append(what).append(" key(s): ");
        boolean someNearNone = false;
        int i = 0;
        for (String key : unknown) {
            String near = closest(key, known);
            text.append(i++ == 0 ? "" : ", ").append('\'').append(key).append('\'');
            if (near != null) {
                text.append(" (did you mean '").append(near).append("'?)");
            } else {
                someNearNone = true;
            }
        }
        if (someNearNone) {
            text.append("; known keys: ").append(new TreeSet<>(known));
        }
        return text.toString();
    }

    /**
     * The known key nearest to {@code key} by edit distance, ignoring case, or null when even the nearest
     * needs more than a third of the key's letters changed (at least two are always allowed).
     */
    public static String closest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int distance = distance(key.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

package io.apogee.protocol.message;

/**
 * The tags code a consume-queue entry holds for a normal message (section 4.10): Java
 * {@link String#hashCode()} of the {@code TAGS} property, sign-extended, 0 without tags.
 *
 * <p>Thread safety: pure functions.
 */
public final class TagHash {

    private TagHash() {
    }

    public static long tagsCode(String tags) {
        return tags == null || tags.isEmpty() ? 0L : tags.hashCode();
    }
}

package io.apogee.broker.pull;

import io.apogee.protocol.message.TagHash;

/**
 * Turns a tag subscription expression ({@code "*"}, {@code "TagA"}, {@code "TagA || TagB"}) into
 * the tag hash codes the consume queues hold. The consumer re-checks the tag strings itself,
 * because different tags can share a hash code.
 */
final class TagFilter {

    private TagFilter() {
    }

    /** The hash codes of the expression's tags, or {@code null} for "everything". */
    static long[] codesOf(String expression) {
        if (expression == null || expression.isBlank() || expression.trim().equals("*")) {
            return null;
        }
        String[] tags = expression.split("\\|\\|");
        long[] codes = new long[tags.length];
        int count = 0;
        for (String tag : tags) {
            String trimmed = tag.trim();
            if (!trimmed.isEmpty()) {
                codes[count++] = TagHash.tagsCode(trimmed);
            }
        }
        return count == codes.length ? codes : java.util.Arrays.copyOf(codes, count);
    }
}

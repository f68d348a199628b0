package io.placebench.ingest.domain;

/** HTTP entity tags: whether an {@code If-None-Match} header names the current one (RFC 9110 §13.1.2). */
public final class EntityTags {

    private EntityTags() {
    }

    /** {@code "value"}: a strong entity tag. */
    public static String strong(String value) {
        return "\"" + value + "\"";
    }

    /**
     * Whether {@code ifNoneMatch} ({@code *} or a comma-separated list of entity tags, possibly weak
     * {@code W/"..."}) matches {@code etag} by weak comparison, as If-None-Match asks. Null or blank: false.
     */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank() || etag == null) {
            return false;
        }
        String current = opaque(etag.trim());
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || !tag.isEmpty() && opaque(tag).equals(current)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}

package io.placebench.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.regex.Pattern;

/** Says where and why a request body could not be read, from Jackson's exception. */
public final class JsonProblems {

    private JsonProblems() {
    }

    /** Jackson's note of where an enclosing array or object began, which names a redacted source. */
    private static final Pattern ENCLOSING = Pattern.compile("\\s*\\(for \\w+ starting at \\[Source:[^\\]]*\\]\\)");

    public static ErrorDetail detail(JsonProcessingException e) {
        String reason = ENCLOSING.matcher(e.getOriginalMessage()).replaceAll("");
        if (e instanceof UnrecognizedPropertyException u) {
            return new ErrorDetail(path(u), null, "unknown field '" + u.getPropertyName() + "'");
        }
        if (e instanceof InvalidFormatException f) {
            return new ErrorDetail(path(f), f.getValue() == null ? null : String.valueOf(f.getValue()),
                    "expected " + f.getTargetType().getSimpleName());
        }
        String field = e instanceof JsonMappingException m ? path(m) : "body";
        JsonLocation at = e.getLocation();
        return new ErrorDetail(field, null, at == null || at.getLineNr() < 0 ? reason
                : reason + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    /** The field's path in the body, as {@code images[2].lat}; "body" for the document as a whole. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }
}

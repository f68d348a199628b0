package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageFilterTest {

    private static final List<String> KNOWN = List.of("OK", "REFUSED", "API_ERROR");

    private static ImageFilter.Parsed parse(List<String> status, String country, String minKm, String maxKm,
            String limit, String offset) {
        return ImageFilter.parse(status, country, minKm, maxKm, limit, offset, KNOWN);
    }

    private static ImageFilter valid(ImageFilter.Parsed parsed) {
        return assertInstanceOf(ImageFilter.Valid.class, parsed, parsed::toString).filter();
    }

    private static String badParameter(ImageFilter.Parsed parsed) {
        return assertInstanceOf(ImageFilter.Invalid.class, parsed, parsed::toString).parameter();
    }

    @Test
    void nothingGivenListsEverythingOneHundredAtATime() {
        ImageFilter filter = valid(parse(null, null, null, null, null, null));
        assertEquals(new ImageFilter(Set.of(), null, null, null, 100, 0), filter);
        assertFalse(filter.hasErrorRange());
        assertEquals(new ImageFilter(Set.of(), null, null, null, 100, 0), valid(parse(List.of(), null, null, null,
                null, null)), "no status parameter at all");
    }

    @Test
    void statusesMayBeCommaSeparatedRepeatedAndInAnyCase() {
        assertEquals(Set.of("OK", "REFUSED", "API_ERROR"),
                valid(parse(List.of("ok, Refused", "API_ERROR"), null, null, null, null, null)).statuses());
        assertEquals("status", badParameter(parse(List.of("OK,MAYBE"), null, null, null, null, null)));
        assertEquals("status", badParameter(parse(List.of(" , "), null, null, null, null, null)));
    }

    @Test
    void countryIsATwoLetterCodeInUpperCase() {
        assertEquals("FR", valid(parse(null, " fr ", null, null, null, null)).countryCode());
        assertEquals("country", badParameter(parse(null, "France", null, null, null, null)));
        assertEquals("country", badParameter(parse(null, "", null, null, null, null)));
    }

    @Test
    void anErrorRangeIsInclusiveNonNegativeAndOrdered() {
        ImageFilter filter = valid(parse(null, null, "0", "25.5", null, null));
        assertEquals(0.0, filter.minKm());
        assertEquals(25.5, filter.maxKm());
        assertTrue(filter.hasErrorRange());
        assertTrue(valid(parse(null, null, null, "100", null, null)).hasErrorRange(), "an upper bound alone");
        assertEquals("minKm", badParameter(parse(null, null, "-1", null, null, null)));
        assertEquals("minKm", badParameter(parse(null, null, "near", null, null, null)));
        assertEquals("maxKm", badParameter(parse(null, null, null, "NaN", null, null)));
        assertEquals("maxKm", badParameter(parse(null, null, null, "Infinity", null, null)));
        assertEquals("minKm", badParameter(parse(null, null, "200", "100", null, null)), "minKm above maxKm");
    }

    @Test
    void limitIsOneToAThousandAndOffsetAtLeastZero() {
        assertEquals(1, valid(parse(null, null, null, null, "1", null)).limit());
        assertEquals(1000, valid(parse(null, null, null, null, "1000", "5")).limit());
        assertEquals(5, valid(parse(null, null, null, null, "1000", "5")).offset());
        assertEquals("limit", badParameter(parse(null, null, null, null, "0", null)));
        assertEquals("limit", badParameter(parse(null, null, null, null, "1001", null)));
        assertEquals("limit", badParameter(parse(null, null, null, null, "ten", null)));
        assertEquals("offset", badParameter(parse(null, null, null, null, null, "-1")));
        assertEquals("offset", badParameter(parse(null, null, null, null, null, "1.5")));
    }
}

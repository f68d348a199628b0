package io.placebench.scoring.domain.geo;

/** One geocoder per test JVM: loading the resources takes a few seconds. */
public final class SharedGeocoder {

    private static ReverseGeocoder iso;

    private SharedGeocoder() {
    }

    public static synchronized ReverseGeocoder iso() {
        if (iso == null) {
            iso = new ReverseGeocoder(GeoData.loadDefault());
        }
        return iso;
    }

    /** The same geocoder answering in the de facto view. */
    public static DeFacto deFacto() {
        return new DeFacto(iso());
    }

    public record DeFacto(ReverseGeocoder geocoder) {
        public GeoLabel lookup(double lat, double lon) {
            return geocoder.lookup(lat, lon, GeoView.DE_FACTO);
        }
    }
}

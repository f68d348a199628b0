package io.placebench.scoring.domain;

import io.placebench.events.Address;
import io.placebench.events.GeoPlace;
import io.placebench.events.GroundTruth;
import io.placebench.events.RegionMatches;
import io.placebench.events.TextMatches;
import io.placebench.scoring.domain.geo.Country;
import io.placebench.scoring.domain.geo.GeoLabel;
import io.placebench.scoring.domain.geo.Places;
import io.placebench.scoring.domain.geo.Region;
import io.placebench.scoring.domain.geo.ReverseGeocoder;
import java.util.Locale;
import java.util.Objects;

/**
 * The geographic metrics of a prediction beyond distance: reverse-geocoded labels of a point, region matches of
 * the predicted point against the truth point, and text matches of the answered address against the truth
 * address. Pure Java; thread-safe.
 */
public final class GeoScoring {

    private final ReverseGeocoder geocoder;
    private final PlaceNames names;

    public GeoScoring(ReverseGeocoder geocoder) {
        this.geocoder = geocoder;
        this.names = new PlaceNames(geocoder.data());
    }

    public ReverseGeocoder geocoder() {
        return geocoder;
    }

    public PlaceNames names() {
        return names;
    }

    /** The event form of a reverse geocode (distances rounded to the metre). */
    public GeoPlace label(double lat, double lon) {
        return toEvent(geocoder.lookup(lat, lon));
    }

    public static GeoPlace toEvent(GeoLabel l) {
        GeoLabel.NearestPlace p = l.place();
        return new GeoPlace(
                l.continent() == null ? null : l.continent().code(),
                l.country() == null ? null : l.country().alpha2(),
                l.country() == null ? null : l.country().alpha3(),
                l.country() == null ? null : l.country().name(),
                l.region() == null ? null : l.region().name(),
                l.region() == null ? null : l.region().isoCode(),
                p == null ? null : p.geonameId(),
                p == null ? null : p.name(),
                p == null ? null : (long) p.population(),
                p == null ? null : round3(p.distanceKm()),
                l.method().name(),
                l.method() == GeoLabel.Method.NONE ? null : round3(l.areaDistanceKm()));
    }

    private static double round3(double km) {
        return Math.round(km * 1000.0) / 1000.0;
    }

    /** Country identity in a label: the alpha-2 code, or the name of an entity without one. */
    static String countryKey(GeoPlace p) {
        return p.countryCode() != null ? p.countryCode() : p.country();
    }

    static String regionKey(GeoPlace p) {
        String country = countryKey(p);
        String region = p.regionCode() != null ? p.regionCode() : p.region();
        return country == null || region == null ? null : country + "|" + region;
    }

    /**
     * Region matches of the predicted point against the truth point. {@code predicted} is null when the
     * prediction is unanswered (every level false); a level the truth lacks is null.
     */
    public RegionMatches regionMatches(double truthLat, double truthLon, GeoPlace truth, Double predictedLat,
            Double predictedLon, GeoPlace predicted) {
        boolean answered = predicted != null && predictedLat != null && predictedLon != null;
        Boolean continent = truth.continent() == null ? null
                : answered && truth.continent().equals(predicted.continent());
        Boolean country = countryKey(truth) == null ? null
                : answered && countryKey(truth).equals(countryKey(predicted));
        Boolean region = regionKey(truth) == null ? null
                : answered && regionKey(truth).equals(regionKey(predicted));
        Boolean city = truth.placeId() == null ? null
                : answered && sameCity(truthLat, truthLon, truth, predictedLat, predictedLon, predicted);
        return new RegionMatches(continent, country, region, city);
    }

    /**
     * Same GeoNames place, or the predicted point within the radius of the truth's place, or the truth point
     * within the radius of the predicted point's place (radius from population, {@link Places#radiusKm}).
     */
    private boolean sameCity(double truthLat, double truthLon, GeoPlace truth, double predictedLat,
            double predictedLon, GeoPlace predicted) {
        if (Objects.equals(truth.placeId(), predicted.placeId())) {
            return true;
        }
        Places places = geocoder.data().places;
        int t = places.indexOfId(truth.placeId());
        if (t >= 0 && GeoMetrics.haversineKm(places.latitude[t], places.longitude[t], predictedLat,
                predictedLon) < places.radiusKm(t)) {
            return true;
        }
        int p = predicted.placeId() == null ? -1 : places.indexOfId(predicted.placeId());
        return p >= 0 && GeoMetrics.haversineKm(places.latitude[p], places.longitude[p], truthLat, truthLon)
                < places.radiusKm(p);
    }

    /**
     * Text matches of an answered address against the truth: the dataset's city/admin1/country where present,
     * else the reverse-geocoded label of the truth point. {@code answer} is null for a prediction without an
     * address (or not OK): every comparable level is then false.
     */
    public TextMatches textMatches(Address answer, GroundTruth truth, GeoPlace truthPlace) {
        String truthCountry = firstNonBlank(truth.country(),
                truthPlace == null ? null : firstNonBlank(truthPlace.countryCode(), truthPlace.country()));
        String truthState = firstNonBlank(truth.admin1(), truthPlace == null ? null : truthPlace.region());
        String truthCity = firstNonBlank(truth.city(), truthPlace == null ? null : truthPlace.place());
        boolean answered = answer != null
                && (!isBlank(answer.city()) || !isBlank(answer.state()) || !isBlank(answer.country()));
        String aCountry = answered ? answer.country() : null;
        String aState = answered ? answer.state() : null;
        String aCity = answered ? answer.city() : null;

        Country tc = names.country(truthCountry);
        Country context = tc != null ? tc
                : truthPlace == null ? null : names.countryByKey(countryKey(truthPlace));
        Boolean country = null;
        Boolean countryGlobe = null;
        if (truthCountry != null) {
            Country ac = names.country(aCountry);
            country = !isBlank(aCountry) && (tc != null && ac != null ? tc.index() == ac.index()
                    : TextNormalizer.compact(aCountry).equals(TextNormalizer.compact(truthCountry)));
            countryGlobe = !isBlank(aCountry) && (TextNormalizer.globeMatch(aCountry, truthCountry)
                    || (tc != null && TextNormalizer.globeMatch(aCountry, tc.name())));
        }
        Boolean state = null;
        Boolean stateGlobe = null;
        if (truthState != null) {
            Region tr = names.region(context, truthState);
            if (tr == null && truthPlace != null && truthState.equals(truthPlace.region())) {
                tr = names.regionByCode(truthPlace.regionCode());
            }
            Region ar = names.region(context, aState);
            state = !isBlank(aState) && (tr != null && ar != null ? tr.index() == ar.index()
                    : TextNormalizer.compact(aState).equals(TextNormalizer.compact(truthState)));
            stateGlobe = !isBlank(aState) && (TextNormalizer.globeMatch(aState, truthState)
                    || (tr != null && TextNormalizer.globeMatch(aState, tr.name())));
        }
        Boolean city = null;
        Boolean cityGlobe = null;
        if (truthCity != null) {
            city = !isBlank(aCity) && cityKey(aCity).equals(cityKey(truthCity));
            cityGlobe = !isBlank(aCity) && TextNormalizer.globeMatch(aCity, truthCity);
        }
        return new TextMatches(answered, city, state, country, cityGlobe, stateGlobe, countryGlobe);
    }

    /** City names compared: normalised, St/Ste/Mt/Ft spelled out, no "City of" / "City" wrapper. */
    static String cityKey(String city) {
        String n = " " + TextNormalizer.normalize(city) + " ";
        n = n.replace(" st ", " saint ").replace(" ste ", " sainte ").replace(" mt ", " mount ")
                .replace(" ft ", " fort ").trim();
        if (n.startsWith("city of ")) {
            n = n.substring(8);
        }
        if (n.endsWith(" city") && n.length() > 5) {
            n = n.substring(0, n.length() - 5);
        }
        if (n.equals("nyc")) {
            n = "new york";
        }
        return n.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstNonBlank(String a, String b) {
        return !isBlank(a) ? a : !isBlank(b) ? b : null;
    }
}

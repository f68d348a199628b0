package io.placebench.scoring.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.placebench.scoring.config.GeocoderConfig;
import io.placebench.scoring.domain.GeoScoring;
import io.placebench.scoring.domain.geo.GeoLabel;
import io.placebench.scoring.domain.geo.GeoView;
import io.placebench.scoring.domain.geo.ReverseGeocoder;
import io.placebench.scoring.service.Geocoder;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline reverse geocoding: {@code GET /api/geo/reverse?lat=..&lon=..} for one point, {@code POST
 * /api/geo/reverse} with a JSON array of up to 10,000 {@code {"lat":..,"lon":..}} for many (answers in the same
 * order). Bad coordinates get a 400 naming the offending parameter or index; {@code view=de-facto} switches the
 * disputed-areas policy for one request.
 */
@Path("/api/geo/reverse")
@Produces(MediaType.APPLICATION_JSON)
public class GeoResource {

    /** Reads NaN and Infinity literals so they are reported by index instead of failing the whole body. */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final int MAX_DETAILS = 100;

    @Inject
    Geocoder geocoder;

    @Inject
    GeocoderConfig config;

    /** One point in, one answer out. */
    public record Answer(double lat, double lon, Map<String, Object> continent, Map<String, Object> country,
            Map<String, Object> region, Map<String, Object> place, String method, Double areaDistanceKm,
            String dispute) {
    }

    @GET
    public Response one(@QueryParam("lat") String lat, @QueryParam("lon") String lon,
            @QueryParam("view") String view) {
        List<Map<String, Object>> details = new ArrayList<>();
        Double la = parse("lat", lat, 90, details);
        Double lo = parse("lon", lon, 180, details);
        if (!details.isEmpty()) {
            return error(Response.Status.BAD_REQUEST, "Invalid coordinates", details);
        }
        GeoScoring geo = geocoder.now();
        if (geo == null) {
            return notReady();
        }
        GeoView v = view(view);
        if (v == null) {
            return error(Response.Status.BAD_REQUEST, "Unknown view", List.of(detail(null, "view", view,
                    "expected iso or de-facto")));
        }
        return Response.ok(answer(geo.geocoder().lookup(la, lo, v))).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response many(String body, @QueryParam("view") String view) {
        JsonNode points;
        try {
            points = LENIENT.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return error(Response.Status.BAD_REQUEST, "The body is not valid JSON",
                    List.of(detail(null, null, null, e.getOriginalMessage())));
        }
        if (points == null || !points.isArray()) {
            return error(Response.Status.BAD_REQUEST, "Expected a JSON array of {\"lat\":..,\"lon\":..}",
                    List.of(detail(null, null, null, "the body is not an array")));
        }
        if (points.size() > config.maxBatch()) {
            return error(Response.Status.BAD_REQUEST, "Too many points",
                    List.of(detail(null, null, String.valueOf(points.size()), "at most " + config.maxBatch()
                            + " points per request")));
        }
        List<Map<String, Object>> details = new ArrayList<>();
        double[] lat = new double[points.size()];
        double[] lon = new double[points.size()];
        int bad = 0;
        for (int i = 0; i < points.size(); i++) {
            JsonNode p = points.get(i);
            List<Map<String, Object>> here = new ArrayList<>();
            if (p == null || !p.isObject()) {
                here.add(detail(i, null, p == null ? null : p.toString(), "expected an object {\"lat\":..,\"lon\":..}"));
            } else {
                Double la = number(i, "lat", p.get("lat"), 90, here);
                Double lo = number(i, "lon", p.get("lon"), 180, here);
                if (here.isEmpty()) {
                    lat[i] = la;
                    lon[i] = lo;
                }
            }
            if (!here.isEmpty()) {
                bad++;
                for (Map<String, Object> d : here) {
                    if (details.size() < MAX_DETAILS) {
                        details.add(d);
                    }
                }
            }
        }
        if (bad > 0) {
            return error(Response.Status.BAD_REQUEST, bad + " of " + points.size() + " points are invalid", details);
        }
        GeoScoring geo = geocoder.now();
        if (geo == null) {
            return notReady();
        }
        GeoView v = view(view);
        if (v == null) {
            return error(Response.Status.BAD_REQUEST, "Unknown view", List.of(detail(null, "view", view,
                    "expected iso or de-facto")));
        }
        ReverseGeocoder g = geo.geocoder();
        List<Answer> answers = new ArrayList<>(lat.length);
        for (int i = 0; i < lat.length; i++) {
            answers.add(answer(g.lookup(lat[i], lon[i], v)));
        }
        return Response.ok(answers).build();
    }

    private GeoView view(String view) {
        if (view == null || view.isBlank()) {
            return GeoView.parse(config.view());
        }
        try {
            return GeoView.parse(view);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Double parse(String field, String text, double limit, List<Map<String, Object>> details) {
        if (text == null || text.isBlank()) {
            details.add(detail(null, field, text, "required"));
            return null;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v) || Math.abs(v) > limit) {
                details.add(detail(null, field, text, "must be a finite number between -" + (int) limit + " and "
                        + (int) limit));
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            details.add(detail(null, field, text, "not a number"));
            return null;
        }
    }

    private static Double number(int index, String field, JsonNode node, double limit,
            List<Map<String, Object>> details) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            details.add(detail(index, field, null, "required"));
            return null;
        }
        if (!node.isNumber()) {
            details.add(detail(index, field, node.toString(), "expected a number"));
            return null;
        }
        double v = node.asDouble();
        if (!Double.isFinite(v) || Math.abs(v) > limit) {
            details.add(detail(index, field, node.asText(), "must be a finite number between -" + (int) limit
                    + " and " + (int) limit));
            return null;
        }
        return v;
    }

    private static Map<String, Object> detail(Integer index, String field, String value, String reason) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (index != null) {
            d.put("index", index);
        }
        if (field != null) {
            d.put("field", field);
        }
        d.put("value", value);
        d.put("reason", reason);
        return d;
    }

    private static Response error(Response.Status status, String message, List<Map<String, Object>> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("details", details);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    private Response notReady() {
        return error(Response.Status.SERVICE_UNAVAILABLE, "The reverse geocoder is still loading",
                List.of(detail(null, null, null, geocoder.status())));
    }

    static Answer answer(GeoLabel l) {
        Map<String, Object> continent = null;
        if (l.continent() != null) {
            continent = new LinkedHashMap<>();
            continent.put("code", l.continent().code());
            continent.put("name", l.continent().name());
        }
        Map<String, Object> country = null;
        if (l.country() != null) {
            country = new LinkedHashMap<>();
            country.put("alpha2", l.country().alpha2());
            country.put("alpha3", l.country().alpha3());
            country.put("name", l.country().name());
        }
        Map<String, Object> region = null;
        if (l.region() != null) {
            region = new LinkedHashMap<>();
            region.put("name", l.region().name());
            region.put("isoCode", l.region().isoCode());
        }
        Map<String, Object> place = null;
        if (l.place() != null) {
            place = new LinkedHashMap<>();
            place.put("geonameId", l.place().geonameId());
            place.put("name", l.place().name());
            place.put("country", l.place().country());
            place.put("population", l.place().population());
            place.put("distanceKm", Math.round(l.place().distanceKm() * 1000) / 1000.0);
        }
        Double area = l.method() == GeoLabel.Method.NONE ? null : Math.round(l.areaDistanceKm() * 1000) / 1000.0;
        return new Answer(l.latitude(), l.longitude(), continent, country, region, place, l.method().name(), area,
                l.dispute());
    }
}

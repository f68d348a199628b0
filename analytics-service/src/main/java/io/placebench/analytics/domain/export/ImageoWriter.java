package io.placebench.analytics.domain.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/**
 * JSON Lines in the layout of IMAGEO-Bench's result files (the layout ingest's {@code ImageoResults} imports and
 * IMAGEO-Bench's {@code analysis/utils.py} reads), so that its analysis notebooks run on PlaceBench results. One
 * line per scored image:
 *
 * <pre>
 * {"image_file": image_id, "provider": provider, "model_used": model, "raw_response": null,
 *  "location_info": {"image_information": scene, "reasoning": null,
 *                    "reverse_geocoding": {"confidence": confidence,
 *                                          "address": {"street": null, "city": pred_city,
 *                                                      "state": pred_region, "country": pred_country},
 *                                          "coordinates": {"latitude": pred_latitude, "longitude": pred_longitude}}},
 *  "error": null when status is OK, else the status ("REFUSED", "TIMEOUT", ...),
 *  "usage_info": {"input_tokens", "output_tokens", "total_tokens" (their sum), "cost_usd", "model"},
 *  "true_latitude", "true_longitude", "true_city", "true_state", "true_country" (the dataset's own labels),
 *  "distance_km" (haversine, R = 6371 km, as IMAGEO-Bench computes it),
 *  "placebench": {"run_id", "dataset_id", "status", "answered", "simulated", "geodesic_km", "geoguessr_score",
 *                 "address_from": "reverse_geocoded_coordinates"}}
 * </pre>
 *
 * <p>What cannot be filled: {@code raw_response} (analytics keeps no model text) and {@code reasoning} (not
 * carried to analytics) are null; the answered address text is not stored either, so {@code address} holds the
 * offline reverse-geocoder's labels of the predicted point (a model that wrote "Paris" but placed its pin in Lyon
 * gets "Lyon"), {@code street} is always null; {@code image_file} is the image id (the original file name and its
 * extension are not stored). {@code location_info} is null when the prediction failed (status not OK), as in
 * IMAGEO-Bench's files for errors. Numbers are JSON numbers (IMAGEO-Bench's own files carry confidence and
 * coordinates as strings; its reader converts both with {@code float()}). The truth and the distance, which
 * IMAGEO-Bench's notebooks join from the dataset's info CSV, are written under the column names their merged
 * frames use ({@code true_*}, {@code distance_km}); unknown fields are ignored by IMAGEO-Bench's reader.
 */
public final class ImageoWriter implements ScoreRowWriter {

    static final String OK = "OK";

    private final JsonGenerator json;

    public ImageoWriter(OutputStream out) {
        json = JsonlWriter.generator(out);
    }

    @Override
    public void write(ScoreExportRow row) throws IOException {
        json.writeStartObject();
        field("image_file", row.imageId());
        field("provider", row.provider());
        field("model_used", row.model());
        field("raw_response", null);
        json.writeFieldName("location_info");
        if (OK.equals(row.status())) {
            locationInfo(row);
        } else {
            json.writeNull();
        }
        field("error", OK.equals(row.status()) ? null : row.status());
        json.writeObjectFieldStart("usage_info");
        field("input_tokens", row.inputTokens());
        field("output_tokens", row.outputTokens());
        field("total_tokens", row.inputTokens() + row.outputTokens());
        field("cost_usd", row.costUsd());
        field("model", row.model());
        json.writeEndObject();
        field("true_latitude", row.truthLatitude());
        field("true_longitude", row.truthLongitude());
        field("true_city", row.datasetTruth().city());
        field("true_state", row.datasetTruth().admin1());
        field("true_country", row.datasetTruth().country());
        field("distance_km", row.distanceKm());
        json.writeObjectFieldStart("placebench");
        field("run_id", row.runId());
        field("dataset_id", row.datasetId());
        field("status", row.status());
        field("answered", row.answered());
        field("simulated", row.simulated());
        field("geodesic_km", row.geodesicKm());
        field("geoguessr_score", row.geoguessrScore());
        field("address_from", "reverse_geocoded_coordinates");
        json.writeEndObject();
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private void locationInfo(ScoreExportRow row) throws IOException {
        json.writeStartObject();
        field("image_information", row.scene());
        field("reasoning", null);
        json.writeObjectFieldStart("reverse_geocoding");
        field("confidence", row.confidence());
        json.writeObjectFieldStart("address");
        field("street", null);
        field("city", row.pred().city());
        field("state", row.pred().region());
        field("country", row.pred().country());
        json.writeEndObject();
        json.writeObjectFieldStart("coordinates");
        field("latitude", row.predLatitude());
        field("longitude", row.predLongitude());
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndObject();
    }

    private void field(String name, Object value) throws IOException {
        json.writeFieldName(name);
        JsonlWriter.value(json, value);
    }

    @Override
    public void close() throws IOException {
        json.flush();
    }
}

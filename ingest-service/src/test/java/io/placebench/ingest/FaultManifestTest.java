package io.placebench.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.placebench.ingest.domain.RowProblem;
import io.placebench.ingest.service.ImportService;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest of 1,200 rows mixing every kind of fault with valid rows: the report names each rejected row,
 * field and reason exactly; every valid row is stored and announced once; importing it again changes nothing.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class FaultManifestTest {

    static final int ROWS = 1200;
    static final long MAX = 262144; // %test.placebench.ingest.max-image-bytes

    @TempDir
    Path root;

    @Test
    void everyFaultIsReportedRowByRowAndEveryValidRowIsKept() throws IOException {
        String dataset = Flows.dataset();
        Path folder = root.resolve("set");
        byte[] jpeg = Files.readAllBytes(TestImages.write(folder.resolve("base.jpg"), "jpg", 0x224466));
        Files.writeString(folder.resolve("note.txt"), "not an image");
        Files.write(folder.resolve("empty.jpg"), new byte[0]);
        Files.write(folder.resolve("truncated.jpg"), Arrays.copyOf(jpeg, 20));
        byte[] big = Arrays.copyOf(jpeg, (int) MAX + 1);
        Files.write(folder.resolve("big.jpg"), big);
        TestImages.write(root.resolve("outside.jpg"), "jpg", 0x446688);
        Files.createDirectories(folder.resolve("a-folder"));

        // An image already stored with other coordinates: the manifest's row for it is a conflict.
        Files.write(folder.resolve("taken.jpg"), jpeg);
        Files.writeString(folder.resolve("first.csv"), "id,file,latitude,longitude\ntaken,taken.jpg,1,1\n");
        assertEquals(1, Flows.importFolder(dataset, folder, "first.csv").getInt("accepted"));

        StringBuilder csv = new StringBuilder("id,file,latitude,longitude,kind\n");
        List<RowProblem> expected = new ArrayList<>();
        Set<String> valid = new HashSet<>();
        String lastValid = null;
        for (int row = 1; row <= ROWS; row++) {
            String id = "r" + row;
            String file = "ok-" + row + ".jpg";
            String lat = "10.5";
            String lon = "-20.25";
            int kind = row % 16;
            switch (kind) {
                case 1 -> {
                    file = "missing-" + row + ".jpg";
                    expected.add(new RowProblem(row, "file", file, "file not found"));
                }
                case 2 -> {
                    file = "note.txt";
                    expected.add(new RowProblem(row, "file", file, "unsupported image type (expected JPEG, PNG, "
                            + "GIF or WebP)"));
                }
                case 3 -> {
                    file = "truncated.jpg";
                    expected.add(new RowProblem(row, "file", file,
                            "unreadable image: truncated or corrupt (JPEG without a frame header)"));
                }
                case 4 -> {
                    lat = "";
                    expected.add(new RowProblem(row, "latitude", "", "latitude is required"));
                }
                case 5 -> {
                    lon = "west";
                    expected.add(new RowProblem(row, "longitude", "west", "longitude is not a number"));
                }
                case 6 -> {
                    lat = "-91";
                    expected.add(new RowProblem(row, "latitude", "-91", "latitude must be between -90 and 90"));
                }
                case 7 -> {
                    if (lastValid != null) {
                        id = lastValid;
                        expected.add(new RowProblem(row, "id", id, "duplicate id (first used in row "
                                + lastValid.substring(1) + ")"));
                    }
                }
                case 8 -> {
                    file = "big.jpg";
                    expected.add(new RowProblem(row, "file", file, "file is " + big.length
                            + " bytes, above the limit of " + MAX + " bytes"));
                }
                case 9 -> {
                    file = "../outside.jpg";
                    expected.add(new RowProblem(row, "file", file, "path outside the folder"));
                }
                case 10 -> {
                    file = "empty.jpg";
                    expected.add(new RowProblem(row, "file", file, "file is empty"));
                }
                case 11 -> {
                    lon = "181";
                    file = "missing-" + row + ".jpg";
                    expected.add(new RowProblem(row, "longitude", "181", "longitude must be between -180 and 180"));
                    expected.add(new RowProblem(row, "file", file, "file not found"));
                }
                case 12 -> {
                    file = "a-folder";
                    expected.add(new RowProblem(row, "file", file, "not a regular file"));
                }
                case 13 -> {
                    id = "";
                    expected.add(new RowProblem(row, "id", null, "id is required"));
                }
                default -> {
                }
            }
            if (row == 500) {
                final int shortRow = row;
                expected.removeIf(p -> p.row() == shortRow);
                csv.append("short,row\n");
                expected.add(new RowProblem(row, null, null, "row has 2 values but the header has 5 columns"));
                continue;
            }
            if (row == 700) {
                id = "taken";
                file = "taken.jpg";
                lat = "2";
                lon = "2";
                expected.removeIf(p -> p.row() == 700);
                expected.add(new RowProblem(row, "id", "taken", ImportService.CONFLICT));
            }
            csv.append(id).append(',').append(file).append(',').append(lat).append(',').append(lon).append(",k")
                    .append(kind).append('\n');
            if (file.startsWith("ok-")) {
                // Distinct bytes for each valid image: the same JPEG with a different trailer.
                byte[] bytes = Arrays.copyOf(jpeg, jpeg.length + 4);
                bytes[jpeg.length] = (byte) (row >> 8);
                bytes[jpeg.length + 1] = (byte) row;
                Files.write(folder.resolve(file), bytes);
            }
            final int current = row;
            if (expected.stream().noneMatch(p -> p.row() == current)) {
                valid.add(id);
                lastValid = id;
            }
        }
        csv.append("r-last,\"ok-1.jpg,1,2,k\n");
        expected.add(new RowProblem(ROWS + 1, null, null, "CSV syntax error, the rest of the manifest was not read: "
                + "EOF reached before encapsulated token finished"));
        Files.writeString(folder.resolve("manifest.csv"), csv);
        long before = TopicReader.endOffsetSum(io.placebench.events.Topics.IMAGES);

        JsonPath report = Flows.importFolder(dataset, folder, "manifest.csv");
        assertEquals(ROWS + 1, report.getInt("rows"));
        assertEquals(valid.size(), report.getInt("accepted"));
        assertEquals(0, report.getInt("duplicates"));
        List<RowProblem> rejected = report.getList("rejected", Map.class).stream()
                .map(m -> new RowProblem((Integer) m.get("row"), (String) m.get("field"), (String) m.get("value"),
                        (String) m.get("reason"))).toList();
        assertEquals(expected.size(), rejected.size());
        for (int i = 0; i < expected.size(); i++) {
            RowProblem want = expected.get(i);
            RowProblem got = rejected.get(i);
            if (want.reason().startsWith("CSV syntax error")) {
                assertEquals(want.row(), got.row());
                assertEquals(null, got.field());
                assertEquals(true, got.reason().startsWith("CSV syntax error, the rest of the manifest was not read"),
                        got.reason());
            } else {
                assertEquals(want, got, "problem " + i);
            }
        }
        assertEquals(ROWS + 1 - valid.size(), report.getInt("rejectedRows"));
        assertEquals(valid.size() + 1, given().when().get("/api/datasets/" + dataset).then().extract().jsonPath()
                .getInt("imageCount"));
        assertEquals(before + valid.size(), TopicReader.endOffsetSum(io.placebench.events.Topics.IMAGES));
        assertEquals(valid, new HashSet<>(Flows.images(dataset).stream().map(e -> e.imageId())
                .filter(i -> !i.equals("taken")).toList()));

        JsonPath again = given().contentType(ContentType.JSON).body(Map.of("folder", folder.toString()))
                .when().post("/api/datasets/" + dataset + "/imports").then().statusCode(200).extract().jsonPath();
        assertEquals(0, again.getInt("accepted"));
        assertEquals(valid.size(), again.getInt("duplicates"));
        assertEquals(expected.size(), again.getList("rejected").size());
        assertEquals(before + valid.size(), TopicReader.endOffsetSum(io.placebench.events.Topics.IMAGES),
                "a re-import publishes nothing");
    }
}

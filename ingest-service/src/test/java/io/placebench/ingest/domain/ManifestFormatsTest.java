package io.placebench.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.ingest.TestImages;
import io.placebench.ingest.TestSamples;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each manifest layout read from its sample, with mappings, JSON Lines, id lookup and URL rows. */
class ManifestFormatsTest {

    static final long MAX = 1024 * 1024;

    @TempDir
    Path root;

    ManifestParser parser = new ManifestParser(MAX);

    @Test
    void imageoDataset1FindsImagesByPathOrIdKeepsTheOtherColumnsAsAttributes() {
        Path folder = TestSamples.imageoDataset1(root.resolve("d1"));
        Manifest m = parser.parse(folder.toString(), "dataset1_info.csv");
        assertEquals("imageo", m.format());
        assertTrue(m.problems().isEmpty(), () -> m.problems().toString());
        assertEquals(3, m.accepted().size());
        ManifestRow lisbon = m.accepted().get(0);
        assertEquals(TestSamples.DATASET1_IDS[0], lisbon.id());
        assertTrue(lisbon.file().endsWith("img/1/" + TestSamples.DATASET1_IDS[0] + ".jpeg"), lisbon.file().toString());
        assertEquals(38.7223, lisbon.latitude());
        assertEquals("Lisbon", lisbon.city());
        assertNull(lisbon.admin1(), "dataset 1 has no state");
        assertEquals("Portugal", lisbon.country());
        assertEquals("Europe", lisbon.attributes().get("continent"));
        assertEquals("clear", lisbon.attributes().get("weather"));
        assertEquals("Mapillary", lisbon.attributes().get("source"));
        assertTrue(lisbon.attributes().containsKey("url"), "the url column of dataset 1 is a web page, kept as attribute");
        for (String consumed : List.of("image_id", "latitude", "longitude", "city", "country", "img_path")) {
            assertTrue(!lisbon.attributes().containsKey(consumed), consumed);
        }
        assertTrue(m.accepted().get(1).file().endsWith(TestSamples.DATASET1_IDS[1] + ".jpg"),
                "img_path does not exist: found by id");
        assertEquals(ImageType.PNG, m.accepted().get(2).type(), "found by id in a sub-folder, any extension");
    }

    @Test
    void imageoDataset2IsInTheUnitedStatesWithStateAsAdmin1() {
        Path folder = TestSamples.imageoDataset2(root.resolve("d2"));
        Manifest m = parser.parse(folder.toString(), "dataset2_info.csv");
        assertTrue(m.problems().isEmpty(), () -> m.problems().toString());
        ManifestRow diner = m.accepted().get(0);
        assertEquals("IL", diner.admin1());
        assertEquals("Springfield", diner.city());
        assertEquals(ManifestParser.IMAGEO_US_COUNTRY, diner.country());
        assertEquals("Corner Diner, 12 Main St", diner.attributes().get("street"));
        assertEquals("['Restaurant']", diner.attributes().get("category"));
        assertEquals(ImageType.JPEG, m.accepted().get(1).type(), "an upper-case extension is found too");
    }

    @Test
    void imageoDataset3AndTruthOnlyReading() throws IOException {
        Path folder = TestSamples.imageoDataset3(root.resolve("d3"));
        Manifest m = parser.parse(folder.toString(), "dataset3_info.csv");
        assertEquals(3, m.accepted().size(), () -> m.problems().toString());
        assertEquals("USA", m.accepted().get(0).country());
        assertEquals("CA", m.accepted().get(0).admin1());

        Files.delete(folder.resolve(TestSamples.DATASET3_IDS[0] + ".jpg"));
        Manifest truth = parser.parseFile(null, folder.resolve("dataset3_info.csv"), "dataset3_info.csv",
                ManifestOptions.truthOnly(ManifestFormat.IMAGEO));
        assertEquals(3, truth.accepted().size(), "the truth alone needs no image");
        assertNull(truth.accepted().get(0).file());
        assertNull(truth.accepted().get(0).url());
    }

    @Test
    void im2gpsRowsNameTheirFileOrAreFoundByName() {
        Path folder = TestSamples.im2gps(root.resolve("im2gps"));
        Manifest m = parser.parse(folder.toString(), "im2gps3k_places365.csv");
        assertEquals("im2gps", m.format());
        assertTrue(m.problems().isEmpty(), () -> m.problems().toString());
        assertEquals(List.of("1000_2000_abcdef.jpg", "3000_4000_fedcba.jpg", "4f/a0/3964076529.jpg"),
                m.accepted().stream().map(ManifestRow::id).toList());
        assertTrue(m.accepted().get(2).file().endsWith("mp16/3964076529.jpg"));
        assertEquals(-43.2105, m.accepted().get(1).longitude());
        assertEquals("0.79", m.accepted().get(0).attributes().get("Prob_urban"));
    }

    @Test
    void osv5mFindsImagesByIdInSubFolders() {
        Path folder = TestSamples.osv5m(root.resolve("osv"));
        Manifest m = parser.parse(folder.toString(), "test.csv");
        assertEquals("osv5m", m.format());
        assertTrue(m.problems().isEmpty(), () -> m.problems().toString());
        ManifestRow stockholm = m.accepted().get(0);
        assertEquals("SE", stockholm.country());
        assertEquals("Stockholm County", stockholm.admin1());
        assertEquals("Stockholm", stockholm.city());
        assertEquals("Stockholm Municipality", stockholm.attributes().get("sub-region"));
    }

    @Test
    void jsonLinesWithAMappingNumbersLinesAsRowsAndReportsBadOnes() {
        Path folder = TestSamples.photosJsonl(root.resolve("jsonl"));
        Manifest m = parser.parse(folder.toString(), "photos.jsonl", new ManifestOptions(null, Map.of("id", "photo",
                "file", "path", "latitude", "lat", "longitude", "lng", "city", "town"), true));
        assertEquals(4, m.rows(), "the blank line is not a row");
        assertEquals(List.of("p-001", "p-002"), m.accepted().stream().map(ManifestRow::id).toList());
        assertEquals(-33.4489, m.accepted().get(1).latitude(), "a coordinate written as a string is read");
        assertEquals("Rome", m.accepted().get(0).city());
        assertEquals("[\"piazza\",\"fountain\"]", m.accepted().get(0).attributes().get("tags"));
        assertEquals(List.of(
                new RowProblem(3, "latitude", "95.0", "latitude must be between -90 and 90"),
                new RowProblem(4, null, null, m.problems().get(1).reason())), m.problems());
        assertTrue(m.problems().get(1).reason().startsWith("not valid JSON"), m.problems().get(1).reason());
    }

    @Test
    void aMappingOverridesTheFormatAndMustNameExistingColumns() throws IOException {
        Path folder = root.resolve("mapped");
        TestImages.write(folder.resolve("x.jpg"), "jpg", 0x111111);
        Files.writeString(folder.resolve("m.csv"), "IMG,Y,X,Where\nx,1.5,2.5,x.jpg\n");
        Manifest m = parser.parse(folder.toString(), "m.csv", new ManifestOptions(ManifestFormat.GENERIC,
                Map.of("id", "img", "latitude", "y", "longitude", "x", "file", "where"), true));
        assertEquals(1, m.accepted().size(), () -> m.problems().toString());
        assertEquals(Map.of(), m.accepted().get(0).attributes());

        ManifestException e = assertThrows(ManifestException.class, () -> parser.parse(folder.toString(), "m.csv",
                new ManifestOptions(null, Map.of("id", "IMG", "latitude", "lat", "longitude", "X", "file", "Where"),
                        true)));
        assertEquals("mapping.latitude", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("lat"), e.getMessage());
    }

    @Test
    void urlRowsAreAcceptedForFetchingAndBadUrlsRejected() throws IOException {
        Path folder = root.resolve("urls");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("m.csv"), """
                id,url,latitude,longitude
                a,https://images.example.org/a.jpg,1,2
                b,ftp://images.example.org/b.jpg,1,2
                c,,1,2
                """);
        Manifest m = parser.parse(folder.toString(), "m.csv");
        assertEquals(URI.create("https://images.example.org/a.jpg"), m.accepted().get(0).url());
        assertEquals(List.of(new RowProblem(2, "url", "ftp://images.example.org/b.jpg",
                "url must be an absolute http or https URL"), new RowProblem(3, "file", null, "file or url is required")),
                m.problems());
    }

    @Test
    void anImageNamedAfterTheIdTwiceIsAmbiguous() throws IOException {
        Path folder = root.resolve("amb");
        TestImages.write(folder.resolve("7.jpg"), "jpg", 0x121212);
        TestImages.write(folder.resolve("sub/7.png"), "png", 0x131313);
        Files.writeString(folder.resolve("test.csv"), "id,latitude,longitude,region\n7,1,2,R\n8,1,2,R\n");
        Manifest m = parser.parse(folder.toString(), "test.csv");
        assertEquals("osv5m", m.format());
        assertEquals(2, m.problems().size());
        assertEquals("several image files are named after this id: 7.jpg, sub/7.png", m.problems().get(0).reason());
        assertTrue(m.problems().get(1).reason().startsWith("file not found"), m.problems().get(1).reason());
    }

    @Test
    void formatsAreDetectedFromTheirColumns() {
        assertEquals(ManifestFormat.IMAGEO, ManifestFormat.detect(List.of("image_id", "latitude", "longitude")));
        assertEquals(ManifestFormat.IM2GPS, ManifestFormat.detect(List.of("img_id", "lat", "lon")));
        assertEquals(ManifestFormat.OSV5M, ManifestFormat.detect(List.of("id", "latitude", "longitude", "sub-region")));
        assertEquals(ManifestFormat.GENERIC, ManifestFormat.detect(List.of("id", "file", "latitude", "longitude")));
        assertEquals(ManifestFormat.IM2GPS, ManifestFormat.named("YFCC4k").orElseThrow());
        assertEquals(ManifestFormat.IM2GPS, ManifestFormat.named("mp16").orElseThrow());
        assertTrue(ManifestFormat.named("parquet").isEmpty());
    }
}

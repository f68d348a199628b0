package io.placebench.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.ingest.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {

    static final long MAX = 20L * 1024 * 1024;

    @TempDir
    Path root;
    Path folder;

    @BeforeEach
    void images() {
        folder = root.resolve("set");
        TestImages.write(folder.resolve("a.jpg"), "jpg", 0x112233);
        TestImages.write(folder.resolve("sub/b.png"), "png", 0x445566);
    }

    Manifest parse(String csv) throws IOException {
        return parse(csv, MAX);
    }

    Manifest parse(String csv, long max) throws IOException {
        Files.writeString(folder.resolve("manifest.csv"), csv, StandardCharsets.UTF_8);
        return new ManifestParser(max).parse(folder.toString(), null);
    }

    static RowProblem only(Manifest manifest) {
        assertEquals(1, manifest.problems().size(), () -> "problems: " + manifest.problems());
        return manifest.problems().get(0);
    }

    @Test
    void acceptsGoodRowsWithAddressAndAttributesNumberingDataRowsFromOne() throws IOException {
        Manifest m = parse("""
                id,file,latitude,longitude,city,country,scene
                a,a.jpg,48.8566,2.3522,Paris,France,street

                b, sub/b.png ,-33.9,151.2,,,
                """);
        assertEquals(2, m.rows(), "the blank line is not a row");
        assertTrue(m.problems().isEmpty(), () -> m.problems().toString());
        ManifestRow a = m.accepted().get(0);
        assertEquals(1, a.row());
        assertEquals("a", a.id());
        assertEquals(ImageType.JPEG, a.type());
        assertEquals(48.8566, a.latitude());
        assertEquals("Paris", a.city());
        assertNull(a.admin1());
        assertEquals(Map.of("scene", "street"), a.attributes());
        ManifestRow b = m.accepted().get(1);
        assertEquals(2, b.row());
        assertEquals(ImageType.PNG, b.type());
        assertEquals(folder.resolve("sub/b.png").toRealPath(), b.file());
        assertNull(b.city(), "a blank address part is absent");
    }

    @Test
    void aMissingRequiredColumnRejectsTheWholeManifestNamingIt() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> parse("id,file,lat,longitude\na,a.jpg,1,2\n"));
        assertTrue(e.getMessage().contains("latitude"), e.getMessage());
        assertEquals(List.of("latitude"), e.problems().stream().map(Problem::field).toList());
    }

    @Test
    void headerMatchesKnownColumnsCaseInsensitivelyAndIgnoresAByteOrderMark() throws IOException {
        Manifest m = parse("\uFEFFID,File,Latitude,LONGITUDE\na,a.jpg,1,2\n");
        assertEquals(1, m.accepted().size(), () -> m.problems().toString());
    }

    @Test
    void coordinatesMustBePresentNumericAndInRange() throws IOException {
        Manifest m = parse("""
                id,file,latitude,longitude
                r1,a.jpg,abc,2
                r2,a.jpg,,2
                r3,a.jpg,90.5,2
                r4,a.jpg,10,-180.01
                r5,a.jpg,NaN,2
                r6,a.jpg,0x1p3,2
                r7,a.jpg,-90,180
                """);
        assertEquals(List.of("r7"), m.accepted().stream().map(ManifestRow::id).toList());
        assertEquals(List.of(
                new RowProblem(1, "latitude", "abc", "latitude is not a number"),
                new RowProblem(2, "latitude", "", "latitude is required"),
                new RowProblem(3, "latitude", "90.5", "latitude must be between -90 and 90"),
                new RowProblem(4, "longitude", "-180.01", "longitude must be between -180 and 180"),
                new RowProblem(5, "latitude", "NaN", "latitude is not a number"),
                new RowProblem(6, "latitude", "0x1p3", "latitude is not a number")), m.problems());
    }

    @Test
    void idsAreRequiredAndUniqueWithinTheFile() throws IOException {
        Manifest m = parse("""
                id,file,latitude,longitude
                a,a.jpg,1,2
                ,a.jpg,1,2
                a,sub/b.png,3,4
                """);
        assertEquals(1, m.accepted().size());
        assertEquals(List.of(
                new RowProblem(2, "id", "", "id is required"),
                new RowProblem(3, "id", "a", "duplicate id (first used in row 1)")),
                m.problems().stream().map(p -> new RowProblem(p.row(), p.field(),
                        p.value() == null ? "" : p.value(), p.reason())).toList());
    }

    @Test
    void aMissingFileOrADirectoryIsRejected() throws IOException {
        Manifest m = parse("id,file,latitude,longitude\nx,nothere.jpg,1,2\ny,sub,1,2\n");
        assertEquals(List.of(
                new RowProblem(1, "file", "nothere.jpg", "file not found"),
                new RowProblem(2, "file", "sub", "not a regular file")), m.problems());
    }

    @Test
    void pathsOutsideTheFolderAreRejectedEvenWhenTheFileExists() throws IOException {
        Path outside = TestImages.write(root.resolve("outside.jpg"), "jpg", 0x778899);
        Files.createSymbolicLink(folder.resolve("link.jpg"), outside);
        Manifest m = parse("id,file,latitude,longitude\n"
                + "x,../outside.jpg,1,2\n"
                + "y," + outside.toAbsolutePath() + ",1,2\n"
                + "z,link.jpg,1,2\n"
                + "w,sub/../../outside.jpg,1,2\n");
        assertTrue(m.accepted().isEmpty());
        assertEquals(4, m.problems().size());
        m.problems().forEach(p -> assertEquals(ManifestParser.OUTSIDE_FOLDER, p.reason(), p.toString()));
        assertEquals(List.of(1, 2, 3, 4), m.problems().stream().map(RowProblem::row).toList());
    }

    @Test
    void unsupportedEmptyAndOversizedFilesAreRejected() throws IOException {
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        Files.write(folder.resolve("empty.jpg"), new byte[0]);
        Files.write(folder.resolve("pic.webp"), TestImages.webpHeader());
        long jpegSize = Files.size(folder.resolve("a.jpg"));
        Manifest m = parse("""
                id,file,latitude,longitude
                t,notes.txt,1,2
                e,empty.jpg,1,2
                a,a.jpg,1,2
                w,pic.webp,1,2
                """, jpegSize - 1);
        assertEquals(List.of("w"), m.accepted().stream().map(ManifestRow::id).toList());
        assertEquals(3, m.problems().size(), () -> m.problems().toString());
        assertTrue(m.problems().get(0).reason().startsWith("unsupported image type"));
        assertEquals("file is empty", m.problems().get(1).reason());
        assertEquals("file is " + jpegSize + " bytes, above the limit of " + (jpegSize - 1) + " bytes",
                m.problems().get(2).reason());
    }

    @Test
    void everyProblemOfARowIsReportedAndShortRowsAreRejected() throws IOException {
        Manifest m = parse("id,file,latitude,longitude\nx,missing.jpg,north,east\ny,a.jpg,1\n");
        assertEquals(List.of(1, 1, 1, 2), m.problems().stream().map(RowProblem::row).toList());
        assertEquals(2, m.rejectedRows());
        assertEquals("row has 3 values but the header has 4 columns", m.problems().get(3).reason());
    }

    @Test
    void aSyntaxErrorKeepsTheRowsBeforeIt() throws IOException {
        Manifest m = parse("id,file,latitude,longitude\na,a.jpg,1,2\nb,\"sub/b.png,3,4\n");
        assertEquals(List.of("a"), m.accepted().stream().map(ManifestRow::id).toList());
        RowProblem p = only(m);
        assertEquals(2, p.row());
        assertTrue(p.reason().startsWith("CSV syntax error"), p.reason());
    }

    @Test
    void folderAndManifestMustExist() throws IOException {
        ManifestParser parser = new ManifestParser(MAX);
        ManifestException missing = assertThrows(ManifestException.class,
                () -> parser.parse(root.resolve("nope").toString(), null));
        assertTrue(missing.getMessage().startsWith("folder not found"), missing.getMessage());
        assertEquals("folder", missing.problems().get(0).field());
        ManifestException notDir = assertThrows(ManifestException.class,
                () -> parser.parse(folder.resolve("a.jpg").toString(), null));
        assertTrue(notDir.getMessage().startsWith("folder is not a directory"), notDir.getMessage());
        ManifestException noManifest = assertThrows(ManifestException.class,
                () -> parser.parse(folder.toString(), "other.csv"));
        assertEquals("manifest", noManifest.problems().get(0).field());
        assertThrows(ManifestException.class, () -> parser.parse(" ", null));
    }
}

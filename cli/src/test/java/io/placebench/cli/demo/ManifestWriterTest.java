package io.placebench.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestWriterTest {

    @Test
    void writesHeaderAndQuotedRowsWhateverTheLocale() throws IOException {
        DemoCity odd = new DemoCity("Washington, D.C.", "District of \"Columbia\"", "US", "North America", 38.9, -77.0);
        List<DemoImage> images = List.of(
                new DemoImage("demo-0001", "images/demo-0001.jpg", 38.9072, -77.036912, odd),
                new DemoImage("demo-0002", "images/demo-0002.jpg", -33.5, 151.25,
                        new DemoCity("Sydney", "New South Wales", "AU", "Oceania", -33.8688, 151.2093)));
        Locale before = Locale.getDefault();
        StringWriter out = new StringWriter();
        try {
            Locale.setDefault(Locale.GERMANY); // decimal comma must not leak into the CSV
            ManifestWriter.write(images, out);
        } finally {
            Locale.setDefault(before);
        }
        assertEquals("id,file,latitude,longitude,city,admin1,country,continent\n"
                + "demo-0001,images/demo-0001.jpg,38.907200,-77.036912,\"Washington, D.C.\","
                + "\"District of \"\"Columbia\"\"\",US,North America\n"
                + "demo-0002,images/demo-0002.jpg,-33.500000,151.250000,Sydney,New South Wales,AU,Oceania\n",
                out.toString());
    }

    @Test
    void generatedFolderHasEveryImageTheManifestNames(@TempDir Path folder) throws IOException {
        List<DemoImage> images = DemoDataset.generate(folder, 12, 5);
        List<String> lines = Files.readAllLines(folder.resolve(DemoDataset.MANIFEST), StandardCharsets.UTF_8);
        assertEquals(ManifestWriter.HEADER, lines.get(0));
        assertEquals(13, lines.size());
        for (int i = 0; i < images.size(); i++) {
            String[] fields = lines.get(i + 1).split(",");
            assertEquals(images.get(i).id(), fields[0]);
            Path file = folder.resolve(fields[1]);
            assertTrue(Files.isRegularFile(file), file + " exists");
            BufferedImage image = ImageIO.read(file.toFile());
            assertNotNull(image, file + " is an image");
            assertEquals(512, image.getWidth());
            assertEquals(384, image.getHeight());
            double[] read = CodeStripTest.readStrip(image);
            assertNotNull(read, file + " carries a strip");
            assertEquals(Double.parseDouble(fields[2]), read[0], 1e-3);
            assertEquals(Double.parseDouble(fields[3]), read[1], 1e-3);
        }
    }
}

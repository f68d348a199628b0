package io.placebench.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.ingest.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTypeTest {

    @Test
    void recognisesTheFourFormatsByTheirSignature(@TempDir Path dir) throws IOException {
        assertEquals(Optional.of(ImageType.JPEG),
                ImageType.sniff(Files.readAllBytes(TestImages.write(dir.resolve("a.jpg"), "jpg", 0x336699))));
        assertEquals(Optional.of(ImageType.PNG),
                ImageType.sniff(Files.readAllBytes(TestImages.write(dir.resolve("a.png"), "png", 0x336699))));
        assertEquals(Optional.of(ImageType.GIF),
                ImageType.sniff(Files.readAllBytes(TestImages.write(dir.resolve("a.gif"), "gif", 0x336699))));
        assertEquals(Optional.of(ImageType.WEBP), ImageType.sniff(TestImages.webpHeader()));
        assertEquals("image/webp", ImageType.WEBP.mediaType());
    }

    @Test
    void rejectsAnythingElseIncludingTruncatedSignatures() {
        assertTrue(ImageType.sniff("hello, world".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(ImageType.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8}).isEmpty());
        assertTrue(ImageType.sniff("RIFF\0\0\0\0WAVE".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(ImageType.sniff(new byte[0]).isEmpty());
    }
}

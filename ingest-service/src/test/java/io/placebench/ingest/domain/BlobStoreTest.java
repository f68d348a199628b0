package io.placebench.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {

    static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void storesBytesUnderTheirSha256InTwoLevelsOfDirectories(@TempDir Path dir) throws IOException {
        BlobStore store = new BlobStore(dir);
        BlobStore.Blob blob = store.put("abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals(ABC_SHA256, blob.sha256());
        assertTrue(blob.created());
        Path expected = dir.resolve("ba").resolve("78").resolve(ABC_SHA256);
        assertEquals(expected.toAbsolutePath(), blob.path());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(expected));
        assertEquals(expected.toAbsolutePath(), store.find(ABC_SHA256).orElseThrow());
        try (Stream<Path> files = Files.list(expected.getParent())) {
            assertEquals(List.of(expected.getFileName()), files.map(Path::getFileName).toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void anExistingBlobIsNotWrittenAgain(@TempDir Path dir) throws IOException {
        BlobStore store = new BlobStore(dir);
        Path path = store.put("abc".getBytes(StandardCharsets.US_ASCII)).path();
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(path, old);
        BlobStore.Blob again = store.put("abc".getBytes(StandardCharsets.US_ASCII));
        assertFalse(again.created());
        assertEquals(old, Files.getLastModifiedTime(path));
    }

    @Test
    void unknownAndMalformedNames(@TempDir Path dir) {
        BlobStore store = new BlobStore(dir);
        assertTrue(store.find("0".repeat(64)).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> store.find("../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> store.find("A".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> store.find("0".repeat(63)));
        assertFalse(BlobStore.isSha256(null));
    }
}

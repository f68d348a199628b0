package io.placebench.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.RunStatus;
import io.placebench.ingest.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** URL address policy, archive unpacking, token hashes, image readability and the run lifecycle. */
class SafetyTest {

    @TempDir
    Path root;

    static List<InetAddress> ip(String... addresses) throws IOException {
        List<InetAddress> list = new ArrayList<>();
        for (String a : addresses) {
            list.add(InetAddress.getByName(a));
        }
        return list;
    }

    @Test
    void nonPublicAddressesAreRefusedUnlessAllowed() throws IOException {
        AddressPolicy policy = new AddressPolicy(false, List.of("images.internal"));
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.5.4", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                "64:ff9b::a9fe:a9fe", "224.0.0.1", "255.255.255.255")) {
            assertTrue(policy.refusal("somewhere.example", ip(address)).isPresent(), address);
        }
        for (String address : List.of("93.184.216.34", "8.8.8.8", "2606:2800:220:1::1")) {
            assertEquals(Optional.empty(), policy.refusal("somewhere.example", ip(address)), address);
        }
        assertTrue(policy.refusal("metadata.google.internal", ip("8.8.8.8")).isPresent(), "metadata host names");
        assertTrue(policy.refusal("localhost", ip("8.8.8.8")).isPresent());
        assertEquals(Optional.empty(), policy.refusal("images.internal", ip("10.0.0.5")), "explicitly allowed host");
        assertEquals(Optional.empty(), new AddressPolicy(true, List.of()).refusal("x", ip("10.0.0.5")));
        assertTrue(policy.refusal("a", ip("169.254.169.254")).get().contains("link-local"));
    }

    static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void archivesUnpackInsideTheFolderWithinLimits() throws IOException {
        Path target = Files.createDirectories(root.resolve("ok"));
        ZipExtractor.Extracted e = new ZipExtractor(10, 1000).extract(new ByteArrayInputStream(
                zip("manifest.csv", "id,file\n", "img/a.jpg", "abc")), target);
        assertEquals(2, e.files());
        assertEquals("abc", Files.readString(target.resolve("img/a.jpg")));

        ManifestException escape = assertThrows(ManifestException.class, () -> new ZipExtractor(10, 1000).extract(
                new ByteArrayInputStream(zip("a.jpg", "x", "../evil.sh", "x")), Files.createDirectories(
                        root.resolve("escape"))));
        assertEquals("archive", escape.problems().get(0).field());
        assertFalse(Files.exists(root.resolve("evil.sh")));
        TooLargeException entries = assertThrows(TooLargeException.class, () -> new ZipExtractor(2, 1000).extract(
                new ByteArrayInputStream(zip("a", "1", "b", "2", "c", "3")), Files.createDirectories(root.resolve("n"))));
        assertEquals(2, entries.limit());
        assertThrows(TooLargeException.class, () -> new ZipExtractor(10, 5).extract(
                new ByteArrayInputStream(zip("a", "123456")), Files.createDirectories(root.resolve("b"))));
        assertThrows(ManifestException.class, () -> new ZipExtractor(10, 5).extract(
                new ByteArrayInputStream("not a zip".getBytes()), Files.createDirectories(root.resolve("c"))));
    }

    @Test
    void tokensAreKeptAsHashesWithScopes() {
        String writer = TokenHashes.hashOf("w-token");
        String reader = TokenHashes.hashOf("r-token");
        TokenHashes hashes = TokenHashes.parse(List.of("# tokens", "", writer, reader.toUpperCase() + " read"), "file");
        assertEquals(Optional.of(TokenHashes.Scope.WRITE), hashes.scopeOf("w-token"));
        assertEquals(Optional.of(TokenHashes.Scope.READ), hashes.scopeOf("r-token"));
        assertEquals(Optional.empty(), hashes.scopeOf("w-token "));
        assertEquals(Optional.empty(), hashes.scopeOf(writer), "the hash itself is not a token");
        assertEquals(2, hashes.size());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> TokenHashes.parse(List.of(writer, "plain-token"), "placebench.auth.token-hashes"));
        assertTrue(bad.getMessage().contains("entry 2"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokenHashes.parse(List.of(writer + ":admin"), "x"));
    }

    @Test
    void truncatedImagesAreUnreadable() throws IOException {
        byte[] jpeg = Files.readAllBytes(TestImages.write(root.resolve("a.jpg"), "jpg", 0x123456));
        byte[] png = Files.readAllBytes(TestImages.write(root.resolve("a.png"), "png", 0x123456));
        byte[] gif = Files.readAllBytes(TestImages.write(root.resolve("a.gif"), "gif", 0x123456));
        List<Problem> problems = new ArrayList<>();
        assertTrue(ImageFields.readable("file", "a", ImageType.JPEG, jpeg, problems));
        assertTrue(ImageFields.readable("file", "a", ImageType.PNG, png, problems));
        assertTrue(ImageFields.readable("file", "a", ImageType.GIF, gif, problems));
        assertTrue(ImageFields.readable("file", "a", ImageType.WEBP, TestImages.webpHeader(), problems));
        assertTrue(problems.isEmpty(), problems::toString);
        assertFalse(ImageFields.readable("file", "a", ImageType.JPEG, java.util.Arrays.copyOf(jpeg, 20), problems));
        assertFalse(ImageFields.readable("file", "a", ImageType.PNG, java.util.Arrays.copyOf(png, 12), problems));
        assertEquals("unreadable image: truncated or corrupt (JPEG without a frame header)", problems.get(0).reason());
    }

    @Test
    void runActionsFollowTheLifecycle() {
        assertEquals(RunStatus.RUNNING, RunLifecycle.decide(RunLifecycle.Action.START, RunStatus.CREATED,
                RunMode.SNAPSHOT).next());
        assertEquals(RunStatus.PAUSED, RunLifecycle.decide(RunLifecycle.Action.PAUSE, RunStatus.RUNNING,
                RunMode.OPEN).next());
        assertFalse(RunLifecycle.decide(RunLifecycle.Action.PAUSE, RunStatus.PAUSED, RunMode.OPEN).changes());
        assertTrue(RunLifecycle.decide(RunLifecycle.Action.PAUSE, RunStatus.COMPLETED, RunMode.OPEN).refused());
        assertEquals(RunStatus.RUNNING, RunLifecycle.decide(RunLifecycle.Action.RESUME, RunStatus.BUDGET_EXHAUSTED,
                RunMode.SNAPSHOT).next());
        assertTrue(RunLifecycle.decide(RunLifecycle.Action.RESUME, RunStatus.CANCELLED, RunMode.OPEN).refused());
        assertEquals(RunStatus.RUNNING, RunLifecycle.decide(RunLifecycle.Action.RETRY, RunStatus.COMPLETED,
                RunMode.SNAPSHOT).next());
        assertTrue(RunLifecycle.decide(RunLifecycle.Action.RETRY, RunStatus.BUDGET_EXHAUSTED, RunMode.SNAPSHOT)
                .refusal().contains("budget"));
        assertTrue(RunLifecycle.decide(RunLifecycle.Action.RETRY, RunStatus.COMPLETED, RunMode.IMPORTED).refused());
        assertTrue(RunLifecycle.decide(RunLifecycle.Action.CANCEL, RunStatus.COMPLETED, RunMode.OPEN).refused());
        assertFalse(RunLifecycle.decide(RunLifecycle.Action.CANCEL, RunStatus.CANCELLED, RunMode.OPEN).changes());
    }
}

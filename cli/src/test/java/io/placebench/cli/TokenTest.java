package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.cli.client.TokenFile;
import io.placebench.cli.stack.PortCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API token of the local stack: generated once by {@code up}, kept with mode 600, read back as it is. */
class TokenTest extends ApiTestSupport {

    @Test
    void aNewTokenIs32RandomBytesInUrlSafeBase64InAnOwnerOnlyFile(@TempDir Path dir) throws IOException {
        TokenFile.Token token = TokenFile.ensure(dir.resolve("state"));
        assertTrue(token.created());
        assertTrue(token.value().matches("[A-Za-z0-9_-]{43}"), token.value());
        assertEquals(32, Base64.getUrlDecoder().decode(token.value()).length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token.file())));
        assertEquals(token.value(), Files.readString(token.file(), StandardCharsets.UTF_8).trim());

        TokenFile.Token again = TokenFile.ensure(dir.resolve("state"));
        assertFalse(again.created());
        assertEquals(token.value(), again.value(), "kept between starts");
        assertNotEquals(token.value(), TokenFile.ensure(dir.resolve("other")).value());
    }

    @Test
    void aTokenFileOthersCouldReadIsRestrictedAgain(@TempDir Path dir) throws IOException {
        Path file = TokenFile.path(dir);
        Files.writeString(file, "my-own-token\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("my-own-token", TokenFile.ensure(dir).value());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void theHashIsTheSha256HexIngestCompares() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenFile.sha256Hex("abc"));
    }

    @Test
    void upWritesTheTokenBeforeStartingAndSaysWhereItIs() throws IOException {
        Path state = tmp.resolve("up-state");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            // the stack does not start (a port is taken) but the token is written first
            int code = runRaw("up", "--state-dir", state.toString(), "--port-base", Integer.toString(freeBase()),
                    "--ingest-port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, code, output());
        }
        Path file = TokenFile.path(state);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(out().contains("New API token written to " + file.toAbsolutePath().normalize() + " (mode 600)"),
                output());
        String token = Files.readString(file).trim();

        // a second start reuses it; the other commands pick it up from the state dir
        runRaw("up", "--state-dir", state.toString(), "--port-base", "1", "--ingest-port", "70000");
        assertEquals(token, Files.readString(file).trim());
        api.on("GET /ingest/api/runs", 200, "[]").on("GET /analytics/api/runs", 200, "[]");
        assertEquals(0, runRaw("runs", "--ingest-url", api.url("/ingest"), "--analytics-url", api.url("/analytics"),
                "--state-dir", state.toString()), output());
        assertEquals("Bearer " + token, api.requests().get(0).header("Authorization"));
    }

    private static int freeBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + (int) (Math.random() * 40000);
            boolean free = true;
            for (int p = base; p < base + 8 && free; p++) {
                free = PortCheck.isFree(p);
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no free port range");
    }
}

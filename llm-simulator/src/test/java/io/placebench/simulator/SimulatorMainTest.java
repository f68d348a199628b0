package io.placebench.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void parsesArguments() {
        SimulatorConfig c = SimulatorMain.parse(new String[] {"--port", "9001", "--host", "0.0.0.0", "--latency-ms", "0",
                "--jitter=0.5", "--api-key", "sk-x", "--seed", "7"});
        assertEquals(new SimulatorConfig("0.0.0.0", 9001, 0, 0.5, 7, "sk-x"), c);
        assertEquals(SimulatorMain.DEFAULT_PORT, SimulatorMain.parse(new String[0]).port());
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(new String[] {"--port", "x"}));
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(new String[] {"--bogus", "1"}));
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(new String[] {"--port"}));
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(new String[] {"--jitter", "2"}));
    }

    @Test
    void printsItsUrlAndServes() throws Exception {
        Process p = launch("--port", "0", "--latency-ms", "0");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.matches("llm-simulator listening on http://127\\.0\\.0\\.1:\\d+/v1"), line);
            String port = line.replaceAll(".*:(\\d+)/v1", "$1");
            var client = java.net.http.HttpClient.newHttpClient();
            var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void addressInUseExitsWithCode2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Process p = launch("--port", Integer.toString(port));
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "simulator did not exit");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(SimulatorMain.EXIT_ADDRESS_IN_USE, p.exitValue());
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.contains(Integer.toString(port)) && err.contains("address already in use"), err);
        }
    }

    private static Process launch(String... args) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                SimulatorMain.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }
}

package io.placebench.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void aTakenPortIsNamedWithItsOwnerAndOption() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            assertFalse(PortCheck.isFree(port));
            Ports ports = new Ports(port, 1, 2, 3, 4, 5, 6, 7);
            List<String> problems = PortCheck.problems(ports, p -> p != port);
            assertEquals(List.of("port " + port + " (ingest-service) is already in use; pass --ingest-port"), problems);

            StackException e = assertThrows(StackException.class,
                    () -> PortCheck.requireFree(Ports.DEFAULTS.equals(ports) ? ports : withPostgres(port)));
            assertEquals(StackException.EXIT_CONFIG, e.exitCode());
            assertTrue(e.getMessage().contains("port " + port + " (PostgreSQL) is already in use; pass --postgres-port"),
                    e.getMessage());
        }
    }

    private static Ports withPostgres(int port) throws IOException {
        int[] free = new int[7];
        for (int i = 0; i < free.length; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                free[i] = s.getLocalPort();
            }
        }
        return new Ports(free[0], free[1], free[2], free[3], free[4], free[5], free[6], port);
    }

    @Test
    void aPortUsedTwiceIsReported() {
        Ports ports = new Ports(9000, 9001, 9002, 9003, 9004, 9005, 9006, 9000);
        List<String> problems = PortCheck.problems(ports, p -> true);
        assertEquals(List.of("port 9000 is configured for both ingest-service and PostgreSQL; pass --postgres-port "
                + "with another port"), problems);
    }

    @Test
    void portBaseAssignsConsecutivePorts() {
        assertEquals(new Ports(20000, 20001, 20002, 20003, 20004, 20005, 20006, 20007), Ports.fromBase(20000));
        assertThrows(StackException.class, () -> Ports.fromBase(65530));
    }
}

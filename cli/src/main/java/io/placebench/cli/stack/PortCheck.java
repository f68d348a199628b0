package io.placebench.cli.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/** Checks, before anything starts, that every port of the stack is distinct and free. */
public final class PortCheck {

    private PortCheck() {
    }

    /** True when nothing listens on {@code port} (on any local address). */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // a port in TIME_WAIT is usable by the servers too
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every problem with these ports, as messages; empty when all is well. */
    public static List<String> problems(Ports ports, IntPredicate isFree) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Ports.Use> seen = new HashMap<>();
        for (Ports.Use use : ports.uses()) {
            Ports.Use before = seen.putIfAbsent(use.port(), use);
            if (before != null) {
                problems.add("port " + use.port() + " is configured for both " + before.owner() + " and "
                        + use.owner() + "; pass " + use.option() + " with another port");
            }
        }
        for (Ports.Use use : ports.uses()) {
            if (!isFree.test(use.port())) {
                problems.add(inUseMessage(use));
            }
        }
        return problems;
    }

    public static String inUseMessage(Ports.Use use) {
        return "port " + use.port() + " (" + use.owner() + ") is already in use; pass " + use.option();
    }

    /** Throws a {@link StackException} (exit code 2) naming every port problem. */
    public static void requireFree(Ports ports) {
        List<String> problems = problems(ports, PortCheck::isFree);
        if (!problems.isEmpty()) {
            throw StackException.config(String.join("\n", problems));
        }
    }
}

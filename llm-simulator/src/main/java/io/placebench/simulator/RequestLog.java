package io.placebench.simulator;

import java.util.ArrayList;
import java.util.List;

/** Every chat completion request received, in arrival order; tests use it to prove what was (not) sent. */
final class RequestLog {

    private final List<RequestLogEntry> entries = new ArrayList<>();

    synchronized void add(RequestLogEntry entry) {
        entries.add(entry);
    }

    synchronized List<RequestLogEntry> snapshot() {
        return List.copyOf(entries);
    }

    synchronized int clear() {
        int n = entries.size();
        entries.clear();
        return n;
    }
}

package io.placebench.simulator;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code java -jar llm-simulator.jar [--port 8090] [--host 127.0.0.1] [--latency-ms 300]
 * [--jitter 0.25] [--api-key KEY] [--seed 42] [--rpm N] [--tpm N] [--burst-seconds S] [--fault KIND=RATE]...
 * [--hang-ms MS]}. Runs until killed.
 * Exit codes: 2 when the address is in use, 64 for bad arguments.
 */
public final class SimulatorMain {

    static final int DEFAULT_PORT = 8090;
    static final int EXIT_ADDRESS_IN_USE = 2;
    static final int EXIT_USAGE = 64;

    private static final String USAGE = "usage: llm-simulator [--port N] [--host H] [--latency-ms MS] [--jitter F] "
            + "[--api-key KEY] [--seed N] [--rpm N] [--tpm N] [--burst-seconds S] [--fault KIND=RATE]... [--hang-ms MS]\n"
            + "fault kinds: " + String.join(", ", Fault.Kind.wireNames());

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        SimulatorConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("llm-simulator: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        SimulatorServer server;
        try {
            server = SimulatorServer.start(config);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException) {
                System.err.println("llm-simulator: cannot listen on " + config.host() + ":" + config.port()
                        + ": address already in use (is another simulator running on port " + config.port() + "?)");
                System.exit(EXIT_ADDRESS_IN_USE);
            }
            System.err.println("llm-simulator: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "llm-simulator-shutdown"));
        System.out.println("llm-simulator listening on " + server.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await(); // until killed
    }

    /** Plain "--name value" (or "--name=value") parsing; throws IllegalArgumentException with a clear message. */
    static SimulatorConfig parse(String[] args) {
        SimulatorConfig c = SimulatorConfig.defaults().withPort(DEFAULT_PORT);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + arg);
                }
                value = args[++i];
            }
            c = switch (name) {
                case "--port" -> c.withPort(parseInt(name, value));
                case "--host" -> c.withHost(value);
                case "--latency-ms" -> c.withMeanLatencyMs(parseLong(name, value));
                case "--jitter" -> c.withLatencyJitter(parseDouble(name, value));
                case "--api-key" -> c.withApiKey(value);
                case "--seed" -> c.withSeed(parseLong(name, value));
                case "--rpm" -> c.withRateLimits(parseInt(name, value), c.tpm());
                case "--tpm" -> c.withRateLimits(c.rpm(), parseLong(name, value));
                case "--burst-seconds" -> c.withBurstSeconds(parseDouble(name, value));
                case "--hang-ms" -> c.withHangMs(parseLong(name, value));
                case "--fault" -> {
                    int at = value.indexOf('=');
                    String kindName = at < 0 ? value : value.substring(0, at);
                    Fault.Kind kind = Fault.Kind.fromWire(kindName).orElseThrow(() -> new IllegalArgumentException(
                            "--fault: unknown kind '" + kindName + "' (known: "
                                    + String.join(", ", Fault.Kind.wireNames()) + ")"));
                    if (at < 0) {
                        throw new IllegalArgumentException("--fault expects KIND=RATE, e.g. rate_limit=0.05");
                    }
                    yield c.withFaultRate(kind, parseDouble(name, value.substring(at + 1)));
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            };
        }
        return c;
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " expects an integer, got '" + value + "'");
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " expects an integer, got '" + value + "'");
        }
    }

    private static double parseDouble(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " expects a number, got '" + value + "'");
        }
    }
}

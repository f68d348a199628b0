package io.placebench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.cli.dlq.DeadLetter;
import io.placebench.cli.dlq.DeadLetterQueues;
import io.placebench.cli.stack.LocalStack;
import io.placebench.cli.stack.StackException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code placebench dlq}: the dead-letter topics, what is pending in them and why; {@code dlq replay}. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"List the dead-letter topics (*.dlq) with the records not yet replayed, and why they failed "
                + "(SmallRye's dead-letter headers). What was replayed is remembered as the committed offsets of "
                + "the consumer group " + DeadLetterQueues.GROUP + ".",
                "replay re-publishes each pending record to its original topic (same key, value and headers, less "
                        + "the dead-letter ones; acks=all, idempotent) and then marks it replayed. A record whose "
                        + "original topic is unknown or missing stays pending, with the records after it in its "
                        + "partition.",
                "Exit codes: 0 done, 1 Kafka did not answer or a record could not be replayed, 2 bad options."},
        footer = {"", "Examples:",
                "  placebench dlq                      every dead-letter topic with its pending count",
                "  placebench dlq --show               and each pending record with its reason",
                "  placebench dlq replay --topic inference-service.inference.requests.dlq",
                "  placebench dlq --json               for scripts"})
public class DlqCommand implements Callable<Integer> {

    public static final String KAFKA_ENV = "PLACEBENCH_KAFKA";

    /** The environment, replaceable by tests. */
    static Function<String, String> environment = System::getenv;

    @Spec
    CommandSpec spec;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "The broker. Default: $" + KAFKA_ENV + ", else the Kafka port recorded by the last "
                    + "`placebench up` in --state-dir, else 127.0.0.1:9092.")
    String kafka;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".placebench", scope = ScopeType.INHERIT,
            description = "State dir of the local stack (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            description = "Only this dead-letter topic.")
    String topic;

    @Option(names = {"--show", "-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print every pending record: topic/partition@offset, key, original topic and offset, "
                    + "reason and cause; with replay, every replayed record.")
    boolean show;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON (for scripts).")
    boolean json;

    @Option(names = "--group", paramLabel = "GROUP", hidden = true, scope = ScopeType.INHERIT,
            defaultValue = DeadLetterQueues.GROUP, description = "Consumer group that remembers what was replayed.")
    String group;

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where the broker is, and in words where that came from (for messages). */
    String bootstrap() {
        if (kafka != null && !kafka.isBlank()) {
            return kafka.trim();
        }
        String env = environment.apply(KAFKA_ENV);
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        Integer port = LocalStack.recordedKafkaPort(stateDir);
        return "127.0.0.1:" + (port == null ? 9092 : port);
    }

    @Override
    public Integer call() throws JsonProcessingException {
        return list();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the dead-letter topics with their pending records (the default action).")
    int list() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        String bootstrap = bootstrap();
        try (DeadLetterQueues dlq = new DeadLetterQueues(bootstrap, group)) {
            List<DeadLetterQueues.TopicState> states = states(dlq);
            List<DeadLetter> letters = show ? dlq.pending(states) : List.of();
            if (json) {
                ObjectNode root = mapper.createObjectNode();
                root.put("kafka", bootstrap);
                root.put("group", group);
                ArrayNode topics = root.putArray("topics");
                for (DeadLetterQueues.TopicState t : states) {
                    ObjectNode node = topics.addObject();
                    node.put("topic", t.topic());
                    node.put("pending", t.pending());
                    node.put("total", t.total());
                    ArrayNode parts = node.putArray("partitions");
                    for (DeadLetterQueues.PartitionState p : t.partitions()) {
                        if (p.total() > 0) {
                            parts.addObject().put("partition", p.partition()).put("start", p.start())
                                    .put("replayedUpTo", p.from()).put("end", p.end()).put("pending", p.pending());
                        }
                    }
                }
                if (show) {
                    ArrayNode records = root.putArray("records");
                    letters.forEach(l -> records.add(mapper.valueToTree(l)));
                }
                out.println(mapper.writeValueAsString(root));
            } else if (states.isEmpty()) {
                out.println(topic == null ? "No dead-letter topics on " + bootstrap + " (none was written to yet)."
                        : "No dead-letter topic " + topic + " on " + bootstrap + ".");
            } else {
                TextTable table = new TextTable("dead-letter topic", "pending", "replayed", "total").right(1, 2, 3);
                for (DeadLetterQueues.TopicState t : states) {
                    table.add(t.topic(), t.pending(), t.total() - t.pending(), t.total());
                }
                out.print(table.render(""));
                for (DeadLetter l : letters) {
                    out.println();
                    out.printf("%s/%d@%d  key %s  from %s%n", l.topic(), l.partition(), l.offset(),
                            l.key() == null ? "(none)" : l.key(), origin(l));
                    out.println("  " + l.why());
                }
                long pending = states.stream().mapToLong(DeadLetterQueues.TopicState::pending).sum();
                if (pending > 0 && !show) {
                    out.println("\n`placebench dlq --show` prints them with their reasons; `placebench dlq replay` "
                            + "sends them back to their topics.");
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Re-publish every pending record (or those of --topic) to its original topic, then mark "
                    + "it replayed.")
    int replay() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        String bootstrap = bootstrap();
        try (DeadLetterQueues dlq = new DeadLetterQueues(bootstrap, group)) {
            List<DeadLetterQueues.Outcome> outcomes = dlq.replay(states(dlq));
            List<DeadLetterQueues.Outcome> problems = outcomes.stream().filter(o -> o.problem() != null).toList();
            if (json) {
                ObjectNode root = mapper.createObjectNode();
                root.put("kafka", bootstrap);
                root.put("group", group);
                root.put("replayed", outcomes.size() - problems.size());
                root.set("records", mapper.valueToTree(outcomes));
                out.println(mapper.writeValueAsString(root));
            } else {
                Map<String, Integer> perRoute = new LinkedHashMap<>();
                for (DeadLetterQueues.Outcome o : outcomes) {
                    if (o.problem() == null) {
                        perRoute.merge(o.topic() + " -> " + o.to(), 1, Integer::sum);
                        if (show) {
                            out.printf("replayed %s/%d@%d  key %s  to %s%n", o.topic(), o.partition(), o.offset(),
                                    o.key(), o.to());
                        }
                    }
                }
                if (perRoute.isEmpty() && problems.isEmpty()) {
                    out.println("Nothing to replay.");
                }
                perRoute.forEach((route, n) -> out.printf("%d record%s replayed: %s%n", n, n == 1 ? "" : "s", route));
                for (DeadLetterQueues.Outcome o : problems) {
                    out.printf("not replayed %s/%d@%d (key %s): %s; it and the records after it in its partition "
                            + "stay pending%n", o.topic(), o.partition(), o.offset(), o.key(), o.problem());
                }
            }
            out.flush();
            return problems.isEmpty() ? 0 : 1;
        }
    }

    private List<DeadLetterQueues.TopicState> states(DeadLetterQueues dlq) {
        if (topic != null && !DeadLetter.isDeadLetterTopic(topic)) {
            throw StackException.config("--topic " + topic + " is not a dead-letter topic (its name ends with "
                    + DeadLetter.SUFFIX + ")");
        }
        return dlq.states(topic);
    }

    private static String origin(DeadLetter l) {
        if (l.originalTopic() == null) {
            return "(original topic unknown)";
        }
        return l.originalTopic() + (l.originalPartition() == null ? "" : "/" + l.originalPartition())
                + (l.originalOffset() == null ? "" : "@" + l.originalOffset());
    }
}

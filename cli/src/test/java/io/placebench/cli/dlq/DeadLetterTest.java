package io.placebench.cli.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Headers in the order SmallRye's KafkaDeadLetterQueue writes them, then the original record's. */
    private static RecordHeaders smallRyeHeaders() {
        RecordHeaders h = new RecordHeaders();
        h.add("dead-letter-exception-class-name", utf8("java.lang.IllegalStateException"));
        h.add("dead-letter-reason", utf8("WorkerPoolRegistry is being shut down"));
        h.add("dead-letter-cause-class-name", utf8("java.util.concurrent.RejectedExecutionException"));
        h.add("dead-letter-cause", utf8("rejected"));
        h.add("dead-letter-topic", utf8("inference.requests"));
        h.add("dead-letter-partition", utf8("5"));
        h.add("dead-letter-offset", utf8("1234"));
        h.add("event-id", utf8("ev-1"));
        return h;
    }

    @Test
    void readsSmallRyesHeaders() {
        DeadLetter l = DeadLetter.of("inference-service.inference.requests.dlq", 2, 17, 0L, utf8("run-1/img-2"),
                utf8("{}"), smallRyeHeaders(), Set.of());
        assertEquals("inference.requests", l.originalTopic());
        assertEquals(5, l.originalPartition());
        assertEquals(1234L, l.originalOffset());
        assertEquals("run-1/img-2", l.key());
        assertEquals("WorkerPoolRegistry is being shut down (java.lang.IllegalStateException); cause: rejected "
                + "(java.util.concurrent.RejectedExecutionException)", l.why());
    }

    @Test
    void theConnectorsOwnHeaderWinsOverAnOlderCopy() {
        RecordHeaders h = smallRyeHeaders();
        h.add("dead-letter-reason", utf8("an older failure carried along"));
        DeadLetter l = DeadLetter.of("x.dlq", 0, 0, 0L, null, null, h, Set.of());
        assertEquals("WorkerPoolRegistry is being shut down", l.reason());
        assertNull(l.key());
    }

    @Test
    void replayKeepsOnlyTheOriginalHeaders() {
        RecordHeaders h = smallRyeHeaders();
        h.add("deserialization-failure-reason", utf8("bad json"));
        h.add("trace", utf8("t-1"));
        List<Header> kept = DeadLetter.replayHeaders(h);
        assertEquals(List.of("event-id", "trace"), kept.stream().map(Header::key).toList());
        assertEquals("ev-1", new String(kept.get(0).value(), StandardCharsets.UTF_8));
    }

    @Test
    void withoutATopicHeaderTheNameTellsTheOriginalTopic() {
        Set<String> topics = Set.of("predictions", "inference.requests", "scores");
        assertEquals(Optional.of("predictions"), DeadLetter.topicFromName("scoring-service.predictions.dlq", topics));
        assertEquals(Optional.of("inference.requests"),
                DeadLetter.topicFromName("inference-service.inference.requests.dlq", topics));
        assertEquals(Optional.of("inference.requests"), DeadLetter.topicFromName("inference.requests.dlq", topics));
        assertEquals(Optional.of("scores"), DeadLetter.topicFromName("scores.dlq", topics));
        assertEquals(Optional.empty(), DeadLetter.topicFromName("svc.unknown.dlq", topics));
        assertEquals(Optional.empty(), DeadLetter.topicFromName("dead-letter-topic-scores", topics));
        DeadLetter l = DeadLetter.of("scoring-service.predictions.dlq", 0, 3, 0L, null, utf8("{}"),
                new RecordHeaders(), topics);
        assertEquals("predictions", l.originalTopic());
        assertEquals("(no reason recorded)", l.why());
    }

    @Test
    void deadLetterTopicsByName() {
        assertTrue(DeadLetter.isDeadLetterTopic("ingest-service.predictions.dlq"));
        assertTrue(DeadLetter.isDeadLetterTopic("dead-letter-topic-scores"));
        assertFalse(DeadLetter.isDeadLetterTopic("predictions"));
        assertFalse(DeadLetter.isDeadLetterTopic("__consumer_offsets"));
    }
}

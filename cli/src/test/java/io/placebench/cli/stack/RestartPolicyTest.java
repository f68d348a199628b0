package io.placebench.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    private static final Duration QUICK = Duration.ofSeconds(2);

    @Test
    void doublesFromOneSecondUpToThirty() {
        RestartPolicy.Tracker t = RestartPolicy.DEFAULT.tracker();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(((RestartPolicy.Restart) t.onExit(QUICK, false)).delay().toSeconds());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L), delays);
        assertEquals(8, t.restarts());
    }

    @Test
    void restartNumberCountsEveryRestart() {
        RestartPolicy.Tracker t = RestartPolicy.DEFAULT.tracker();
        t.onExit(QUICK, false);
        t.onExit(QUICK, false);
        assertEquals(new RestartPolicy.Restart(Duration.ofSeconds(4), 3), t.onExit(QUICK, false));
    }

    @Test
    void aChildThatRanAMinuteStartsOverAtTheInitialDelay() {
        RestartPolicy.Tracker t = RestartPolicy.DEFAULT.tracker();
        t.onExit(QUICK, false);
        t.onExit(QUICK, false);
        t.onExit(QUICK, false);
        assertEquals(new RestartPolicy.Restart(Duration.ofSeconds(1), 4), t.onExit(Duration.ofSeconds(60), false));
        assertEquals(Duration.ofSeconds(2), ((RestartPolicy.Restart) t.onExit(QUICK, false)).delay());
        // just under the reset threshold still counts as a quick exit
        assertEquals(Duration.ofSeconds(4),
                ((RestartPolicy.Restart) t.onExit(Duration.ofMillis(59_999), false)).delay());
    }

    @Test
    void nothingIsRestartedWhileStopping() {
        RestartPolicy.Tracker t = RestartPolicy.DEFAULT.tracker();
        assertInstanceOf(RestartPolicy.Leave.class, t.onExit(QUICK, true));
        assertEquals(0, t.restarts());
        // and a leave does not advance the back-off
        assertEquals(Duration.ofSeconds(1), ((RestartPolicy.Restart) t.onExit(QUICK, false)).delay());
    }

    @Test
    void delayNeverOverflowsAfterManyRestarts() {
        assertEquals(Duration.ofSeconds(30), RestartPolicy.DEFAULT.delay(10_000));
        RestartPolicy odd = new RestartPolicy(Duration.ofMillis(300), Duration.ofMillis(1000), Duration.ZERO);
        assertEquals(List.of(300L, 600L, 1000L, 1000L),
                List.of(odd.delay(0).toMillis(), odd.delay(1).toMillis(), odd.delay(2).toMillis(),
                        odd.delay(3).toMillis()));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new RestartPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RestartPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO));
    }
}

package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LeaderboardTableTest {

    @Test
    void labelsSimulatedModelsAndShowsMissingFiguresAsDashes() throws Exception {
        var leaderboard = new ObjectMapper().readTree("""
                {"generatedAt":"2026-11-22T00:00:00Z","datasets":[{"datasetId":"demo","runs":[
                 {"runId":"r1","provider":"simulator","model":"sim-strong","promptId":"imageo","simulated":true,
                  "status":"COMPLETED","expected":2,"n":2,"answered":2,"meanErrorKm":12.25,"medianErrorKm":12.25,
                  "acc1km":0.0,"acc25km":1.0,"acc200km":1.0,"acc750km":1.0,"acc2500km":1.0,"meanScore":4950.4,
                  "costUsd":0.0123},
                 {"runId":"r2","provider":"openai","model":"gpt-x","promptId":"imageo","simulated":false,
                  "status":"RUNNING","expected":2,"n":1,"answered":0,"meanErrorKm":null,"medianErrorKm":null,
                  "acc1km":0.0,"acc25km":0.0,"acc200km":0.0,"acc750km":0.0,"acc2500km":0.0,"meanScore":0.0,
                  "costUsd":0}]},
                 {"datasetId":"other","runs":[]}]}
                """);
        String table = LeaderboardTable.render(leaderboard, "demo");
        String[] lines = table.split("\n");
        assertTrue(lines[0].equals("Leaderboard: dataset demo"), table);
        assertTrue(lines[3].contains("1  simulator/sim-strong (simulated)"), table);
        assertTrue(lines[3].contains("100.0%") && lines[3].contains("4950") && lines[3].contains("0.0123"), table);
        assertTrue(lines[4].contains("2  openai/gpt-x ") && !lines[4].contains("(simulated)"), table);
        assertTrue(lines[4].matches(".* - +- .*"), "no answers: no error figures\n" + table);
        assertTrue(!table.contains("dataset other"), table);
    }
}

package io.placebench.cli;

import io.placebench.cli.client.ApiException;
import io.placebench.cli.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code placebench} command. */
@Command(name = "placebench",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "PlaceBench: a streaming benchmark of vision-language models on image geolocation.",
        footer = {"", "Examples:",
                "  placebench demo                 the bundled demo on a throw-away local stack",
                "  placebench demo --json          the same, only the leaderboard JSON on stdout",
                "  placebench up                   run the local stack (state, API token: .placebench/)",
                "  placebench ingest mine --create --folder /data/mine",
                "  placebench run mine --model simulator/sim-strong --dry-run",
                "  placebench watch                progress of every unfinished run",
                "  placebench dlq --show           dead letters with their reasons (dlq replay re-sends them)",
                "  placebench reset --yes          delete .placebench/ (stop the stack first)",
                "",
                "Commands that talk to a stack take --ingest-url, --inference-url, --analytics-url and --token "
                        + "(default: $PLACEBENCH_TOKEN, else .placebench/token written by `placebench up`)."},
        subcommands = {UpCommand.class, DemoCommand.class, ResetCommand.class, IngestCommand.class,
                RunCommand.class, WatchCommand.class, RunsCommand.class, ImportResultsCommand.class,
                ModelsCommand.class, DlqCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public class PlaceBench implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        System.exit(configure(new CommandLine(new PlaceBench())).execute(args));
    }

    /** Error handling shared by the command and by tests that run a subcommand on its own. */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            var err = cmd.getErr();
            if (ex instanceof StackException se) {
                err.println("placebench: " + se.getMessage());
                err.flush();
                return se.exitCode();
            }
            if (ex instanceof ApiException) {
                err.println("placebench: " + ex.getMessage());
            } else {
                err.println("placebench: unexpected error: " + ex);
                if (System.getenv("PLACEBENCH_DEBUG") != null) {
                    ex.printStackTrace(err);
                }
            }
            err.flush();
            return 1;
        });
        return commandLine;
    }
}

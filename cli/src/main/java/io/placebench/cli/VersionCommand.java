package io.placebench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code placebench version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the PlaceBench version.")
public class VersionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(new Version().getVersion()[0]);
        spec.commandLine().getOut().flush();
    }
}

package io.qdm.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code qdm version}: the versions of qdm, the Java runtime, the Quarkus platform and the Kafka broker. */
@Command(name = "version",
        description = "Print the versions of qdm, Java, the Quarkus platform and the Kafka broker.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        QdmVersion v = QdmVersion.load();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("qdm              %s%n", v.qdm());
        out.printf("Java             %s (%s, %s)%n", Runtime.version(), System.getProperty("java.vendor"),
                System.getProperty("java.home"));
        out.printf("Quarkus platform %s%n", v.quarkusPlatform());
        out.printf("Kafka broker     %s%n", v.kafkaBroker());
        out.flush();
        return 0;
    }
}

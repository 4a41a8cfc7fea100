package io.apogee.cli.bench;

import io.apogee.client.ClientOptions;
import io.apogee.security.Credentials;
import io.apogee.security.RequestSigner;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every bench mode takes: where, with which client, which topic, how to report, how long at most. */
final class CommonOptions {

    /** How the final figures are printed; the names are what the user types. */
    enum Output { text, json }

    /** The client library that sends and receives; the names are what the user types. */
    enum Client { apogee, official }

    @Option(names = {"-n", "--namesrv"}, paramLabel = "ADDRS", defaultValue = "${env:NAMESRV_ADDR:-127.0.0.1:9876}",
            description = "Name servers, host:port;host:port (default: $NAMESRV_ADDR, else ${DEFAULT-VALUE}).")
    String namesrv;

    @Option(names = "--client", paramLabel = "CLIENT", defaultValue = "apogee",
            description = "Client that sends and receives: apogee (Apogee's own) or official (Apache RocketMQ's "
                    + "rocketmq-client); the measuring is the same (default: ${DEFAULT-VALUE}).")
    Client client;

    @Option(names = "--access-key", paramLabel = "KEY",
            description = "Sign every request as this user, for brokers with authentication on (with --secret-key).")
    String accessKey;

    @Option(names = "--secret-key", paramLabel = "SECRET", description = "The user's secret key.")
    String secretKey;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", defaultValue = "BenchTopic",
            description = "Topic (default: ${DEFAULT-VALUE}; BenchE2eTopic for e2e); created when the name servers do"
                    + " not know it.")
    String topic;

    @Option(names = "--queues", paramLabel = "N", defaultValue = "8",
            description = "Queues per broker of a topic this run creates (default: ${DEFAULT-VALUE}).")
    int queues;

    @Option(names = "--topic-attributes", paramLabel = "+KEY=VALUE,...",
            description = "Attributes of a topic this run creates, as the admin tools take them; for example"
                    + " +queue.type=BatchCQ, whose batches a broker stores whole (default: none).")
    String topicAttributes;

    @Option(names = "--cluster", paramLabel = "NAME",
            description = "Cluster to create the topic in (default: the only one the name servers know).")
    String cluster;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Final figures as ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); json is one object on stdout.")
    Output output;

    @Option(names = "--broker-pid", paramLabel = "PID", defaultValue = "0",
            description = "A broker process on this host: report its CPU per message and peak RSS from /proc.")
    long brokerPid;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "300",
            description = "Stop whatever is still running after this long; the run then fails (default: ${DEFAULT-VALUE}).")
    int timeLimitSeconds;

    /** Where the cluster is and how to sign for it: what every client of this run starts from. */
    ClientOptions server() {
        ClientOptions options = new ClientOptions();
        options.setNamesrvAddr(namesrv);
        if (accessKey != null) {
            options.setRpcHook(new RequestSigner(new Credentials(accessKey, secretKey)));
        }
        return options;
    }

    /** The driver of the chosen client; the official client's classes load only when it is chosen. */
    ClientDriver driver() {
        return client == Client.official ? new OfficialDriver(namesrv, accessKey, secretKey) : new ApogeeDriver(server());
    }

    boolean json() {
        return output == Output.json;
    }

    void validate(CommandSpec spec) {
        Checks.positive(spec, "--queues", queues);
        Checks.positive(spec, "--time-limit", timeLimitSeconds);
        if (brokerPid < 0 || (brokerPid > 0 && !ProcessUsage.exists(brokerPid))) {
            throw new ParameterException(spec.commandLine(), "--broker-pid " + brokerPid + " is no process on this host");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new ParameterException(spec.commandLine(), "--access-key and --secret-key go together");
        }
        if (topic.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--topic must not be blank");
        }
    }
}

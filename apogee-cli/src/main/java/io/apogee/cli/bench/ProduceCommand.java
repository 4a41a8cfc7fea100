package io.apogee.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code apogee bench produce}: sends bench messages for {@code --duration} seconds after a warm-up, or
 * exactly {@code --count} of them (to fill a backlog for {@code consume}), and reports the acknowledged
 * rate and the send latency.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send messages (sync, async, oneway or batch) and report throughput and send latency.")
final class ProduceCommand extends BenchMode {

    @Mixin
    SendOptions send;

    @Override
    void validate() {
        send.validate(spec);
    }

    @Override
    void run(Report report) throws Exception {
        int queues = ensureTopic();
        report.put("queues", queues).put("driver", common.client.name()).put("send", send.send.name()).put("threads", send.threads)
                .put("size", send.size).put("rate_target", send.rate);
        if (send.send == SendOptions.SendMode.batch) {
            report.put("batch", send.batch);
        }
        try (SendLoad load = new SendLoad(send, common.driver(), common.topic, runId, null)) {
            SendPhases.run(send, load, new ProcessUsage(common.brokerPid), ticker(), report,
                    new SendProgress(load)::line, start -> { });
        }
    }
}

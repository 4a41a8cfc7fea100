package io.apogee.it;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;

import java.nio.charset.StandardCharsets;

/**
 * An official producer in a process of its own, configured only by the JVM options it is started with
 * ({@code -Dtls.enable=true} and the {@code tls.client.*} properties), as an application would be: the
 * official client reads them once, when its classes load, so they cannot be set by a test in a JVM that
 * has already used the client. Sends one message and prints {@code SENT <status>}, or the failure.
 *
 * <p>Arguments: name server address, topic.
 */
public final class TlsProducerProcess {

    private TlsProducerProcess() {
    }

    public static void main(String[] args) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("tls_process_producer");
        producer.setNamesrvAddr(args[0]);
        producer.setInstanceName("tls-process-" + ProcessHandle.current().pid());
        int status = 1;
        try {
            producer.start();
            SendResult result = producer.send(new Message(args[1], "from -Dtls.enable".getBytes(StandardCharsets.UTF_8)));
            System.out.println("SENT " + result.getSendStatus());
            status = 0;
        } catch (Exception e) {
            System.out.println("FAILED " + e);
        } finally {
            producer.shutdown();
        }
        System.exit(status);
    }
}

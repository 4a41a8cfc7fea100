package io.apogee.it;

import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RocketMQ 4.9.8 producer with its own {@code AclClientRPCHook}, in a class loader of its own (its classes share
 * package names with the 5.3.3 client's), signs in the ACL 1.0 way that a broker with authentication and
 * authorization on still accepts: allowed where the user's policy allows, refused with NO_PERMISSION elsewhere.
 */
class Legacy49ClientAuthTest {

    private static final String TOPIC = "Legacy49Topic";
    private static final String OTHER = "Legacy49Other";

    private final Closer closer = new Closer();

    @AfterEach
    void stop() {
        closer.close();
    }

    @Test
    void aRocketMq49ProducerWithTheAclHookSendsWhereAllowedAndIsRefusedElsewhere(@TempDir Path dir) throws Exception {
        LocalCluster cluster = closer.add(new LocalCluster(dir, c -> c.security(Secured.config())),
                LocalCluster::close);
        String broker = cluster.broker().brokerAddr();
        DefaultMQAdminExt root = Secured.admin(closer, cluster.namesrvAddr(), Secured.ROOT, Secured.ROOT_SECRET);
        for (String topic : new String[] {TOPIC, OTHER}) {
            root.createAndUpdateTopicConfig(broker, new TopicConfig(topic, 1, 1, 6));
            cluster.awaitRoute(topic);
        }
        root.createUser(broker, "legacy", "legacySecret", "Normal");
        root.createAcl(broker, "User:legacy", List.of("Topic:" + TOPIC), List.of("Pub"), List.of(), "Allow");

        // Never closed: the 4.9 client's Netty threads finish stopping after its shutdown returns and load classes
        // as they do, so closing the loader under them fails them in whatever test runs next (Awaitility reports
        // another thread's uncaught error in the test that awaits). It holds its jars open until the fork ends.
        URLClassLoader loader = rocketMq49();
        Legacy49Producer producer = new Legacy49Producer(loader, cluster.namesrvAddr(), "legacy", "legacySecret");
        closer.add(producer, Legacy49Producer::shutdown);
        assertThat(producer.send(TOPIC)).isEqualTo("SEND_OK");
        assertThat(producer.refusalCode(OTHER)).isEqualTo(16);
    }

    private static URLClassLoader rocketMq49() throws Exception {
        Path jars = Path.of(System.getProperty("rocketmq49.client.dir"));
        URL[] urls;
        try (Stream<Path> files = Files.list(jars)) {
            urls = files.filter(f -> f.toString().endsWith(".jar")).map(f -> {
                try {
                    return f.toUri().toURL();
                } catch (java.net.MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }).toArray(URL[]::new);
        }
        assertThat(urls).as("the 4.9 client's jars in %s", jars).hasSizeGreaterThan(5);
        return new URLClassLoader("rocketmq-4.9", urls, ClassLoader.getPlatformClassLoader());
    }

    /** The 4.9.8 {@code DefaultMQProducer}, driven by reflection from its own class loader. */
    private static final class Legacy49Producer {

        private final ClassLoader loader;
        private final Object producer;
        private final Class<?> messageClass;

        Legacy49Producer(ClassLoader loader, String namesrvAddr, String user, String secret) throws Exception {
            this.loader = loader;
            Class<?> credentials = loader.loadClass("org.apache.rocketmq.acl.common.SessionCredentials");
            Object hook = loader.loadClass("org.apache.rocketmq.acl.common.AclClientRPCHook")
                    .getConstructor(credentials)
                    .newInstance(credentials.getConstructor(String.class, String.class).newInstance(user, secret));
            Class<?> producerClass = loader.loadClass("org.apache.rocketmq.client.producer.DefaultMQProducer");
            producer = producerClass.getConstructor(String.class, loader.loadClass("org.apache.rocketmq.remoting.RPCHook"))
                    .newInstance("legacy49_producer", hook);
            messageClass = loader.loadClass("org.apache.rocketmq.common.message.Message");
            producerClass.getMethod("setNamesrvAddr", String.class).invoke(producer, namesrvAddr);
            producerClass.getMethod("setInstanceName", String.class).invoke(producer, uniqueInstanceName("legacy49"));
            producerClass.getMethod("setRetryTimesWhenSendFailed", int.class).invoke(producer, 0);
            call("start");
        }

        /** The send status of one message to {@code topic}. */
        String send(String topic) throws Exception {
            Object message = messageClass.getConstructor(String.class, byte[].class)
                    .newInstance(topic, "from 4.9".getBytes(StandardCharsets.UTF_8));
            Object result = call("send", message);
            return result.getClass().getMethod("getSendStatus").invoke(result).toString();
        }

        /** The response code of the broker's refusal of a send to {@code topic}. */
        int refusalCode(String topic) throws Exception {
            try {
                send(topic);
            } catch (InvocationTargetException e) {
                for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                    if (t.getClass().getSimpleName().equals("MQBrokerException")) {
                        return (int) t.getClass().getMethod("getResponseCode").invoke(t);
                    }
                }
                throw e;
            }
            throw new AssertionError("the send to " + topic + " was not refused");
        }

        void shutdown() {
            try {
                call("shutdown");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Calls the producer's method, with the 4.9 loader as the thread's context loader, as its own threads have. */
        private Object call(String method, Object... args) throws Exception {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                for (var m : producer.getClass().getMethods()) {
                    if (m.getName().equals(method) && m.getParameterCount() == args.length
                            && (args.length == 0 || m.getParameterTypes()[0] == messageClass)) {
                        return m.invoke(producer, args);
                    }
                }
                throw new NoSuchMethodException(method);
            } finally {
                thread.setContextClassLoader(before);
            }
        }
    }
}

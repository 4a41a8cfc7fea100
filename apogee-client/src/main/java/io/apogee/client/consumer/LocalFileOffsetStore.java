package io.apogee.client.consumer;

import io.apogee.client.ClientException;
import io.apogee.common.file.DurableFile;
import io.apogee.protocol.body.MessageQueue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a broadcasting consumer's offsets in a local file,
 * {@code dir/clientId/group/offsets.properties}, one {@code topic@broker@queueId=offset} line per
 * queue. Replaced whole through {@link DurableFile}, so a crash leaves either the old or the new
 * file.
 *
 * <p>Thread safety: a concurrent map; writes of the file are serialized.
 */
public final class LocalFileOffsetStore implements OffsetStore {

    private final Path file;
    private final OffsetTable offsets = new OffsetTable();

    public LocalFileOffsetStore(String dir, String clientId, String group) {
        this.file = Path.of(dir, clientId.replace(':', '_'), group, "offsets.properties");
    }

    @Override
    public void load() {
        if (!Files.exists(file)) {
            return;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ClientException("cannot read the offset file " + file + ": " + e.getMessage(), e);
        }
        for (String key : properties.stringPropertyNames()) {
            String[] parts = key.split("@");
            if (parts.length != 3) {
                throw new ClientException("offset file " + file + " has a malformed key: " + key);
            }
            try {
                offsets.update(new MessageQueue(parts[0], parts[1], Integer.parseInt(parts[2])),
                        Long.parseLong(properties.getProperty(key)), false);
            } catch (NumberFormatException e) {
                throw new ClientException("offset file " + file + " has a malformed entry: " + key, e);
            }
        }
    }

    @Override
    public void updateOffset(MessageQueue queue, long offset, boolean increaseOnly) {
        offsets.update(queue, offset, increaseOnly);
    }

    @Override
    public long readOffset(MessageQueue queue, ReadOffsetType type) {
        AtomicLong offset = offsets.find(queue);
        return offset == null ? -1 : offset.get();
    }

    @Override
    public synchronized void persistAll(Set<MessageQueue> queues) {
        Properties properties = new Properties();
        offsets.snapshot(null).forEach((q, offset) -> properties.setProperty(
                q.topic() + "@" + q.brokerName() + "@" + q.queueId(), Long.toString(offset)));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            properties.store(out, "consumer offsets");
            DurableFile.replace(file, out.toByteArray());
        } catch (IOException e) {
            throw new ClientException("cannot write the offset file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void persist(MessageQueue queue) {
        persistAll(Set.of(queue));
    }

    @Override
    public void removeOffset(MessageQueue queue) {
        // Broadcasting members never hand queues over, so offsets stay for the next start.
    }

    @Override
    public Map<MessageQueue, Long> cloneOffsetTable(String topic) {
        return offsets.snapshot(topic);
    }

    public Path file() {
        return file;
    }
}

package io.apogee.store.index;

import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.StoredMessageView;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Finds the messages of a topic by key or unique id: the index names candidate commit-log offsets (its
 * hash slots are shared, so some belong to other keys or topics), and each candidate is read and kept only
 * when its topic and one of its keys match.
 *
 * <p>Thread safety: stateless apart from the thread-safe index; any thread.
 */
public final class KeyQuery {

    private final IndexService index;
    private final LongFunction<ByteBuffer> records;

    /** @param records the stored record at a commit-log offset, or null when it is gone */
    public KeyQuery(IndexService index, LongFunction<ByteBuffer> records) {
        this.index = index;
        this.records = records;
    }

    /** Up to {@code maxNum} records of {@code topic} with {@code key}, stored between {@code begin} and {@code end}. */
    public List<ByteBuffer> find(String topic, String key, int maxNum, long begin, long end) {
        // Over-ask: candidates of other keys sharing a slot are dropped below.
        Set<Long> offsets = new LinkedHashSet<>(index.query(topic, key, maxNum * 2 + 8, begin, end));
        List<ByteBuffer> found = new ArrayList<>();
        StoredMessageView view = new StoredMessageView();
        for (long offset : offsets) {
            if (found.size() >= maxNum) {
                break;
            }
            ByteBuffer record = records.apply(offset);
            if (record == null) {
                continue;
            }
            view.wrap(record, 0);
            if (view.topic().equals(topic) && hasKey(view.properties(), key)) {
                found.add(record);
            }
        }
        return found;
    }

    private static boolean hasKey(String properties, String key) {
        if (key.equals(MessageProperties.get(properties, MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX))) {
            return true;
        }
        String keys = MessageProperties.get(properties, MessageConst.PROPERTY_KEYS);
        return keys != null && Arrays.asList(keys.split(MessageConst.KEY_SEPARATOR)).contains(key);
    }
}

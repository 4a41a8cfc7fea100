package io.apogee.client.consumer;

import io.apogee.client.message.MessageExt;
import io.apogee.protocol.body.MessageQueue;

import java.util.List;

/**
 * Runs a push consumer's listener on pulled messages and moves offsets: concurrently or orderly.
 * Thread safety: {@link #submit} from transport threads; implementations are thread-safe.
 */
interface ConsumeService {

    void submit(List<MessageExt> messages, ProcessQueue processQueue, MessageQueue queue);

    void adjustThreadPool();

    int corePoolSize();

    void shutdown(long awaitMillis);
}

package io.apogee.store;

import java.nio.ByteBuffer;

/**
 * One append, single message or batch, with its inputs and, after the call, its results. The broker
 * owns and reuses one instance per sending thread, so an append allocates nothing for the request.
 *
 * <p>Inputs: for a single message {@link #body} is the message body and {@link #properties} its properties
 * string; for a batch ({@link #batch} true) {@link #body} is the SEND_BATCH_MESSAGE body and each message keeps
 * its own properties. In both cases {@link #extraProperties} (for example the broker's CLUSTER entry) is
 * appended to every stored message's properties. Buffers are read between position and limit and left
 * unchanged.
 *
 * <p>Thread safety: not thread safe; owned by one thread at a time.
 */
public final class AppendRequest {

    public String topic;
    public int queueId;
    public int flag;
    public int sysFlag;
    public long bornTimestamp;
    /** 4 or 16 bytes; kept by reference until the append returns. */
    public byte[] bornHostIp = new byte[4];
    public int bornPort;
    public int reconsumeTimes;
    public long preparedTransactionOffset;
    public ByteBuffer body;
    public ByteBuffer properties;
    public ByteBuffer extraProperties;
    public boolean batch;

    // Results, valid after an append that wrote (PUT_OK, FLUSH_DISK_TIMEOUT, FLUSH_FAILED).
    /** Commit-log offset of the (first) message. */
    public long physicalOffset;
    /** Queue offset of the (first) message. */
    public long queueOffset;
    public long storeTimestamp;
    /** Records written. */
    public int messageCount;
    /**
     * For a batch stored whole as one record ({@code InnerBatch}: {@link #batch} false, the inner-batch bits in
     * {@link #sysFlag}, {@link #body} the batch body): its number of messages, the queue offsets it took. 0
     * for anything else.
     */
    public int innerNum;
    /** Bytes written to the commit log, padding excluded. */
    public int wroteBytes;
    /** Commit-log offset just past the last message: what a SYNC_FLUSH append waits to see forced. */
    public long endOffset;
    /** Commit-log offset of each message, for per-message offset ids of a batch; grows as needed. */
    public long[] physicalOffsets = new long[1];

    /** Clears inputs and results. */
    public AppendRequest reset() {
        topic = null;
        queueId = 0;
        flag = 0;
        sysFlag = 0;
        bornTimestamp = 0;
        bornPort = 0;
        reconsumeTimes = 0;
        preparedTransactionOffset = 0;
        body = null;
        properties = null;
        extraProperties = null;
        batch = false;
        innerNum = 0;
        physicalOffset = 0;
        queueOffset = 0;
        storeTimestamp = 0;
        messageCount = 0;
        wroteBytes = 0;
        endOffset = 0;
        return this;
    }
}

package io.apogee.client.message;

import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.OffsetMessageId;

/**
 * A message as stored and delivered: the sent message plus where and when the broker stored it.
 * {@link #getMsgId()} is the client message id when the producer set one, else the broker's offset
 * id, as RocketMQ's consumers see it.
 *
 * <p>Thread safety: not thread-safe; one consumer thread owns it while consuming.
 */
public class MessageExt extends Message {

    private String brokerName;
    private int queueId;
    private long queueOffset;
    private long commitLogOffset;
    private int sysFlag;
    private long bornTimestamp;
    private long storeTimestamp;
    private String bornHost;
    private String storeHost;
    private int reconsumeTimes;
    private int bodyCRC;
    private String offsetMsgId;
    /** The store host's part of the offset id, when the id is built from it on first use. */
    private String offsetMsgIdHostPart;

    public MessageExt() {
    }

    /** A delivered message with its record's properties bytes, which it keeps and decodes when asked. */
    MessageExt(byte[] encodedProperties) {
        super(new EncodedProperties(encodedProperties));
    }

    public String getMsgId() {
        String uniq = getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        return uniq != null ? uniq : getOffsetMsgId();
    }

    public String getBrokerName() { return brokerName; }
    public void setBrokerName(String brokerName) { this.brokerName = brokerName; }
    public int getQueueId() { return queueId; }
    public void setQueueId(int queueId) { this.queueId = queueId; }
    public long getQueueOffset() { return queueOffset; }
    public void setQueueOffset(long queueOffset) { this.queueOffset = queueOffset; }
    public long getCommitLogOffset() { return commitLogOffset; }
    public void setCommitLogOffset(long commitLogOffset) { this.commitLogOffset = commitLogOffset; }
    public int getSysFlag() { return sysFlag; }
    public void setSysFlag(int sysFlag) { this.sysFlag = sysFlag; }
    public long getBornTimestamp() { return bornTimestamp; }
    public void setBornTimestamp(long bornTimestamp) { this.bornTimestamp = bornTimestamp; }
    public long getStoreTimestamp() { return storeTimestamp; }
    public void setStoreTimestamp(long storeTimestamp) { this.storeTimestamp = storeTimestamp; }
    public String getBornHost() { return bornHost; }
    public void setBornHost(String bornHost) { this.bornHost = bornHost; }
    public String getStoreHost() { return storeHost; }
    public void setStoreHost(String storeHost) { this.storeHost = storeHost; }
    public int getReconsumeTimes() { return reconsumeTimes; }
    public void setReconsumeTimes(int reconsumeTimes) { this.reconsumeTimes = reconsumeTimes; }
    public int getBodyCRC() { return bodyCRC; }
    public void setBodyCRC(int bodyCRC) { this.bodyCRC = bodyCRC; }
    public String getOffsetMsgId() {
        if (offsetMsgId == null && offsetMsgIdHostPart != null) {
            offsetMsgId = OffsetMessageId.encode(offsetMsgIdHostPart, commitLogOffset);
        }
        return offsetMsgId;
    }

    public void setOffsetMsgId(String offsetMsgId) {
        this.offsetMsgId = offsetMsgId;
        this.offsetMsgIdHostPart = null;
    }

    /**
     * The offset id will be the store host's part given here and the commit-log offset, encoded when
     * first asked for: most consumers never ask, and encoding it costs more than the rest of a header.
     */
    void offsetMsgIdFrom(String storeHostPart) {
        this.offsetMsgId = null;
        this.offsetMsgIdHostPart = storeHostPart;
    }
}

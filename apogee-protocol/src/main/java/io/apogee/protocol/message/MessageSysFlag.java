package io.apogee.protocol.message;

/**
 * Bits of a message's sysFlag (protocol specification section 4.5).
 *
 * <p>Thread safety: constants and pure functions only.
 */
public final class MessageSysFlag {

    public static final int COMPRESSED_FLAG = 0x1;
    public static final int MULTI_TAGS_FLAG = 0x2;
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_PREPARED_TYPE = 0x4;
    public static final int TRANSACTION_COMMIT_TYPE = 0x8;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0xC;
    /** The two bits that hold the transaction type. */
    public static final int TRANSACTION_TYPE_MASK = 0xC;
    public static final int BORNHOST_V6_FLAG = 0x10;
    public static final int STOREHOSTADDRESS_V6_FLAG = 0x20;
    public static final int NEED_UNWRAP_FLAG = 0x40;
    public static final int INNER_BATCH_FLAG = 0x80;
    public static final int COMPRESSION_LZ4_TYPE = 0x100;
    public static final int COMPRESSION_ZSTD_TYPE = 0x200;
    public static final int COMPRESSION_ZLIB_TYPE = 0x300;
    /** The three bits that hold the compression type. */
    public static final int COMPRESSION_TYPE_MASK = 0x700;

    private MessageSysFlag() {
    }

    /** The transaction type bits of {@code sysFlag}. */
    public static int transactionType(int sysFlag) {
        return sysFlag & TRANSACTION_TYPE_MASK;
    }

    /** {@code sysFlag} with its transaction type replaced. */
    public static int withTransactionType(int sysFlag, int type) {
        return (sysFlag & ~TRANSACTION_TYPE_MASK) | (type & TRANSACTION_TYPE_MASK);
    }

    /** Bytes of the born host field (address and port) for this sysFlag. */
    public static int bornHostLength(int sysFlag) {
        return (sysFlag & BORNHOST_V6_FLAG) != 0 ? 20 : 8;
    }

    /** Bytes of the store host field (address and port) for this sysFlag. */
    public static int storeHostLength(int sysFlag) {
        return (sysFlag & STOREHOSTADDRESS_V6_FLAG) != 0 ? 20 : 8;
    }
}

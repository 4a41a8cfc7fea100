package io.apogee.store;

import java.lang.management.ManagementFactory;

/**
 * What one queue read may return, as RocketMQ bounds a pull: at most {@code countInMemory} messages and
 * {@code bytesInMemory} bytes while the messages are likely in the page cache, and the smaller
 * {@code countOnDisk} / {@code bytesOnDisk} once they lie further behind the log's end than
 * {@code memoryBytes} (a share of physical memory), so a consumer far behind reads the disk in small
 * steps. A read always returns at least one message when one matches.
 *
 * @param memoryBytes how far behind the end of the commit log a message still counts as in memory
 */
public record TransferLimits(int countInMemory, int bytesInMemory, int countOnDisk, int bytesOnDisk,
                             long memoryBytes) {

    /** Limits that never cap a read below what the caller asks for. */
    public static final TransferLimits NONE = new TransferLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);

    /** Whether a message at {@code physicalOffset} is likely still in memory when the log ends at {@code end}. */
    public boolean inMemory(long physicalOffset, long end) {
        return end - physicalOffset <= memoryBytes;
    }

    public int count(boolean inMemory) {
        return inMemory ? countInMemory : countOnDisk;
    }

    public int bytes(boolean inMemory) {
        return inMemory ? bytesInMemory : bytesOnDisk;
    }

    static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}

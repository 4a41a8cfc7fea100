package io.apogee.protocol.message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Generates client message ids (UNIQ_KEY, section 4.9): upper-case hex of
 * {@code ip (4|16) | pid int16 | class loader hash int32 | ms since the start of the month int32 |
 * counter int16}. The fixed prefix is computed once; each id costs one string.
 *
 * <p>Thread safety: safe for concurrent use; the counter is atomic and the month boundary is recomputed
 * under the instance's lock.
 */
public final class ClientMessageIdGenerator {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final String prefix;
    private final LongSupplier clock;
    private final AtomicInteger counter = new AtomicInteger();
    private long monthStart;
    private long nextMonthStart;

    /**
     * @param ip             4 or 16 address bytes
     * @param pid            the process id (its low 16 bits are used)
     * @param classLoaderHash the hash code of the generating class loader
     * @param clock          milliseconds since the epoch
     */
    public ClientMessageIdGenerator(byte[] ip, long pid, int classLoaderHash, LongSupplier clock) {
        if (ip.length != 4 && ip.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes");
        }
        ByteBuffer fixed = ByteBuffer.allocate(ip.length + 6);
        fixed.put(ip).putShort((short) pid).putInt(classLoaderHash);
        this.prefix = HEX.formatHex(fixed.array());
        this.clock = clock;
    }

    /** A generator for this process: its chosen address, pid and this class's loader. */
    public static ClientMessageIdGenerator forThisProcess() {
        return new ClientMessageIdGenerator(localAddress(), ProcessHandle.current().pid(),
                ClientMessageIdGenerator.class.getClassLoader().hashCode(), System::currentTimeMillis);
    }

    /** The next id. */
    public String next() {
        long now = clock.getAsLong();
        long start = monthStartFor(now);
        ByteBuffer tail = ByteBuffer.allocate(6);
        tail.putInt((int) (now - start)).putShort((short) counter.getAndIncrement());
        return prefix + HEX.formatHex(tail.array());
    }

    private synchronized long monthStartFor(long now) {
        if (now >= nextMonthStart || now < monthStart) {
            ZonedDateTime month = Instant.ofEpochMilli(now).atZone(ZoneId.systemDefault()).withDayOfMonth(1)
                    .toLocalDate().atStartOfDay(ZoneId.systemDefault());
            monthStart = month.toInstant().toEpochMilli();
            nextMonthStart = month.plusMonths(1).toInstant().toEpochMilli();
        }
        return monthStart;
    }

    /** The first public IPv4 address, else a non-internal IPv6 one, else a private IPv4, else loopback. */
    static byte[] localAddress() {
        byte[] privateV4 = null;
        byte[] v6 = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isLinkLocalAddress()) {
                        continue;
                    }
                    if (address instanceof Inet4Address) {
                        if (!address.isSiteLocalAddress()) {
                            return address.getAddress();
                        }
                        privateV4 = privateV4 == null ? address.getAddress() : privateV4;
                    } else if (address instanceof Inet6Address && !address.isSiteLocalAddress()) {
                        v6 = v6 == null ? address.getAddress() : v6;
                    }
                }
            }
        } catch (SocketException e) {
            return InetAddress.getLoopbackAddress().getAddress();
        }
        if (v6 != null) {
            return v6;
        }
        return privateV4 != null ? privateV4 : InetAddress.getLoopbackAddress().getAddress();
    }
}

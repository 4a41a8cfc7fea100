package io.apogee.remoting.server;

import io.apogee.common.log.OffenderLog;
import io.apogee.remoting.connection.EndpointCounters;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits accepted connections while the server has fewer than {@code maxConnections} open and their source
 * address fewer than {@code maxPerAddress}; any other is closed as soon as it is accepted, before it is
 * registered with an I/O thread, so nothing is ever read from it. Each connection counts from admission until
 * it closes; the table per address holds only addresses with connections open, so it is bounded by
 * {@code maxConnections} however many addresses come and go.
 *
 * <p>Sits in the listening channel's pipeline, before Netty's acceptor.
 *
 * <p>Thread safety: {@link #channelRead} runs on the listening channel's thread; releases run on the I/O
 * threads of the closing connections; the counts are atomic.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final int maxConnections;
    private final int maxPerAddress;
    private final EndpointCounters counters;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final OffenderLog offenders = new OffenderLog(LOG);

    ConnectionGate(int maxConnections, int maxPerAddress, EndpointCounters counters) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        InetAddress address = child.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        if (!admit(child, address)) {
            // Not yet registered with an event loop: closed without a read, as Netty's acceptor closes a failed child.
            child.unsafe().closeForcibly();
            return;
        }
        child.closeFuture().addListener(closed -> release(address));
        ctx.fireChannelRead(child);
    }

    private boolean admit(Channel child, InetAddress address) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            counters.connectionRefused();
            String host = address == null ? String.valueOf(child.remoteAddress()) : address.getHostAddress();
            offenders.warn(host, "refusing connection from {}: the server has {} connections open, the limit"
                    + " (serverConnectionsMax)", host, maxConnections);
            return false;
        }
        if (address == null) {
            return true;
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerAddress) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            counters.connectionRefusedPerAddress();
            offenders.warn(address.getHostAddress(), "refusing connection from {}: it has {} connections open, the"
                    + " limit per address (serverConnectionsPerAddressMax)", address.getHostAddress(), maxPerAddress);
        }
        return admitted[0];
    }

    private void release(InetAddress address) {
        open.decrementAndGet();
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Connections admitted and not yet closed. */
    int open() {
        return open.get();
    }

    /** Source addresses with connections open; bounded by the connection limit. */
    int addresses() {
        return perAddress.size();
    }
}

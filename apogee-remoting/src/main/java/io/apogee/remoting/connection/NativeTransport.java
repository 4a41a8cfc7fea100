package io.apogee.remoting.connection;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Picks Linux epoll when the native library loads and NIO otherwise, and the channel types that go
 * with the chosen event loops.
 *
 * <p>Thread safety: stateless.
 */
public final class NativeTransport {

    private NativeTransport() {
    }

    /** True when epoll can be used on this machine. */
    public static boolean epollAvailable() {
        return Epoll.isAvailable();
    }

    /** A group of {@code threads} I/O threads named {@code name-N}, daemon so they never pin the JVM. */
    public static EventLoopGroup newGroup(int threads, String name, boolean preferEpoll) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
        return preferEpoll && Epoll.isAvailable()
                ? new EpollEventLoopGroup(threads, factory)
                : new NioEventLoopGroup(threads, factory);
    }

    public static Class<? extends ServerChannel> serverChannelType(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends Channel> channelType(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}

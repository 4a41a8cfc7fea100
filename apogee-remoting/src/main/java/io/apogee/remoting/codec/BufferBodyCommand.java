package io.apogee.remoting.codec;

import io.apogee.protocol.command.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * A command whose body is a Netty {@link ByteBuf} held elsewhere, moved without copying it: the seam
 * through which the broker answers a pull with slices of memory-mapped commit-log files, and through which
 * the {@link FrameDecoder} hands a request's body, still in the bytes read, to the connection handler.
 *
 * <pre>
 * ByteBuf slices = Unpooled.wrappedBuffer(mappedSlice1, mappedSlice2);   // no copy
 * context.respond(new BufferBodyCommand(responseHeaderCommand, slices));
 * </pre>
 *
 * <p>Ownership: the body's reference passes to whoever receives this object. Writing it to a
 * connection hands it to the encoder, which sends the header and the body as one composite buffer and
 * releases the body once it is on the wire; if the write fails first, Netty releases it through this
 * object's {@link ReferenceCounted} methods. The sender must not touch the body after handing it over
 * and must {@code retain()} it beforehand if it wants to keep it.
 *
 * <p>Thread safety: like {@link RemotingCommand}, owned by one thread at a time.
 */
public final class BufferBodyCommand implements ReferenceCounted {

    private final RemotingCommand command;
    private final ByteBuf body;

    /**
     * @param command the header fields; its own byte-array body must be {@code null}
     * @param body the body, whose reference this object takes over
     */
    public BufferBodyCommand(RemotingCommand command, ByteBuf body) {
        if (command.body() != null) {
            throw new IllegalArgumentException("command already has a byte[] body; use one body or the other");
        }
        if (body == null) {
            throw new IllegalArgumentException("body must not be null");
        }
        this.command = command;
        this.body = body;
    }

    /** The header fields. */
    public RemotingCommand command() {
        return command;
    }

    /** The body; still owned by this object. */
    public ByteBuf body() {
        return body;
    }

    @Override
    public int refCnt() {
        return body.refCnt();
    }

    @Override
    public BufferBodyCommand retain() {
        body.retain();
        return this;
    }

    @Override
    public BufferBodyCommand retain(int increment) {
        body.retain(increment);
        return this;
    }

    @Override
    public BufferBodyCommand touch() {
        body.touch();
        return this;
    }

    @Override
    public BufferBodyCommand touch(Object hint) {
        body.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return body.release();
    }

    @Override
    public boolean release(int decrement) {
        return body.release(decrement);
    }
}

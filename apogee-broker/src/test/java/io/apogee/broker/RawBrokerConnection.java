package io.apogee.broker;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain socket to a broker that writes each request frame as given, back to back, and keeps only the code
 * and remark of each answer by its opaque: for floods and stalls, where the test must decide every byte on
 * the wire and the heap it measures must be the broker's, not a client's. A daemon thread reads the answers.
 *
 * <p>Thread safety: send from one thread; read the answers from any.
 */
public final class RawBrokerConnection implements AutoCloseable {

    private final Socket socket;
    private final Map<Integer, Integer> codes = new ConcurrentHashMap<>();
    private final Map<Integer, String> remarks = new ConcurrentHashMap<>();
    private volatile boolean ended;

    public RawBrokerConnection(InetSocketAddress broker, String name) throws IOException {
        socket = new Socket(broker.getAddress(), broker.getPort());
        DataInputStream in = new DataInputStream(socket.getInputStream());
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    byte[] frame = new byte[in.readInt()];
                    in.readFully(frame);
                    RemotingCommand answer = FrameCodec.decode(ByteBuffer.wrap(frame));
                    remarks.put(answer.opaque(), String.valueOf(answer.remark()));
                    codes.put(answer.opaque(), answer.code());
                }
            } catch (IOException closed) {
                // The broker closed the connection, or the test did.
                ended = true;
            }
        }, name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Writes {@code request} as one frame and flushes it. */
    public void send(RemotingCommand request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(FrameCodec.encode(request));
        out.flush();
    }

    /** Writes {@code bytes} as they are: for frames no client would send, such as one that never ends. */
    public void sendBytes(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Whether the connection has ended: the broker closed it (or the test did). */
    public boolean ended() {
        return ended;
    }

    /** Answer codes by opaque, as they arrive. */
    public Map<Integer, Integer> codes() {
        return codes;
    }

    /** The remark of the answer to {@code opaque} ("null" if it had none), or null if none came yet. */
    public String remark(int opaque) {
        return remarks.get(opaque);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package io.apogee.remoting;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A plain blocking socket for sending bytes no well-behaved client would send; other modules' tests use it too. */
public final class RawSocket implements AutoCloseable {

    private final Socket socket = new Socket();

    public RawSocket(int port) throws IOException {
        this("127.0.0.1", port);
    }

    /**
     * Connects from {@code sourceHost}, another loopback address such as 127.0.0.2, so that limits per source
     * address apply to this socket and not to the clients of the same test on 127.0.0.1.
     */
    public RawSocket(String sourceHost, int port) throws IOException {
        socket.bind(new InetSocketAddress(sourceHost, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        socket.setSoTimeout(5000);
    }

    public RawSocket write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /**
     * Whether the server has closed the connection (end of stream or reset): false when nothing comes within
     * half a second. For a socket the server sends nothing on; a byte that does come is consumed.
     */
    public boolean closedByPeer() {
        try {
            socket.setSoTimeout(500);
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Reads until the server closes the connection (or 5 s pass, which throws); returns what came. */
    public byte[] readUntilClosed() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            received.write(chunk, 0, n);
        }
        return received.toByteArray();
    }

    /** Reads one whole frame (an answer), waiting up to a minute for it. */
    public void readFrame() throws IOException {
        socket.setSoTimeout(60_000);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        in.readFully(new byte[in.readInt()]);
    }

    /** The stream of bytes from the server. */
    public InputStream input() throws IOException {
        return socket.getInputStream();
    }

    /** Half-closes our side: the server sees end of input and closes too. */
    public RawSocket shutdownOutput() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

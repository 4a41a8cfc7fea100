package io.apogee.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness's relay: passes bytes, swallows them while cut (connections stay open), resets them on heal. */
class FaultProxyTest {

    private ServerSocket echo;
    private FaultProxy proxy;

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    /** An echo server on an ephemeral port, one thread per connection. */
    private InetSocketAddress startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException e) {
                            // The test closed it.
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return new InetSocketAddress("127.0.0.1", echo.getLocalPort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(1_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes());
        byte[] back = socket.getInputStream().readNBytes(text.length());
        return new String(back);
    }

    @Test
    void bytesPassUntilTheCutThenNothingPassesAndAfterHealingOldConnectionsAreResetAndNewOnesPass()
            throws Exception {
        int port = freePort();
        proxy = new FaultProxy(new InetSocketAddress("127.0.0.1", port), startEcho());
        Socket before = connect(port);
        assertThat(roundTrip(before, "hello")).isEqualTo("hello");

        proxy.cut();
        before.getOutputStream().write("lost".getBytes());
        assertThatThrownBy(() -> before.getInputStream().read()).as("silence, not a close")
                .isInstanceOf(SocketTimeoutException.class);
        Socket during = connect(port);
        during.getOutputStream().write("lost too".getBytes());
        assertThatThrownBy(() -> during.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

        proxy.heal();
        InputStream old = before.getInputStream();
        assertThat(readEnd(old)).as("the connection that lived through the cut is closed").isTrue();
        Socket after = connect(port);
        assertThat(roundTrip(after, "again")).isEqualTo("again");
        before.close();
        during.close();
        after.close();
    }

    /** True when the stream ends (or resets) within the socket timeout. */
    private static boolean readEnd(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}

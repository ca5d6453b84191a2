package dev.custody.app.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a real echo server: forwards, cuts, resets, slows down and recovers. */
class TcpProxyTest {

    ServerSocket echo;
    TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread e = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // client went away
                        }
                    });
                    e.setDaemon(true);
                    e.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(5000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
        byte[] back = new byte[bytes.length];
        new DataInputStream(s.getInputStream()).readFully(back);
        return new String(back, StandardCharsets.UTF_8);
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello ☃")).isEqualTo("hello ☃");
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void cut_closesOpenConnectionsAndRefusesNewOnes_untilRestored() throws Exception {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "a")).isEqualTo("a");
            proxy.cut();
            assertThatThrownBy(() -> {
                roundTrip(s, "b");
                roundTrip(s, "c");
            }).isInstanceOf(IOException.class);
        }
        try (Socket s = connect()) {
            assertThatThrownBy(() -> roundTrip(s, "d")).isInstanceOf(IOException.class);
        }
        assertThat(proxy.refusedConnections()).isGreaterThanOrEqualTo(1);
        proxy.restore();
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "e")).isEqualTo("e");
        }
    }

    @Test
    void reset_abortsOpenConnectionsWithRst_newOnesWork() throws Exception {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "a")).isEqualTo("a");
            proxy.reset();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 5; i++) {
                    roundTrip(s, "b");
                    Thread.sleep(20);
                }
            }).isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(e instanceof SocketException || e.getMessage() != null).isTrue());
        }
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "c")).isEqualTo("c");
        }
    }

    @Test
    void slowDown_delaysEveryChunk_restoreRemovesTheDelay() throws IOException {
        try (Socket s = connect()) {
            proxy.slowDown(Duration.ofMillis(300));
            long t0 = System.nanoTime();
            assertThat(roundTrip(s, "slow")).isEqualTo("slow");
            long slowMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(slowMillis).as("one chunk each way, 300 ms each").isGreaterThanOrEqualTo(550);
            proxy.restore();
            assertThat(roundTrip(s, "fast")).isEqualTo("fast");
        }
    }
}

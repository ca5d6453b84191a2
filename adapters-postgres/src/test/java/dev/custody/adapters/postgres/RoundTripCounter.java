package dev.custody.adapters.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of PostgreSQL that counts round trips: each time the client sends after the
 * server last spoke (or first) is one. The protocol is request and answer on a connection, so however the bytes
 * are chunked, a client that sends several statements at once before reading counts one, and a client that waits
 * for each answer counts one per statement.
 */
final class RoundTripCounter implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final AtomicLong roundTrips = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private RoundTripCounter(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on a free port of 127.0.0.1 and forwards to {@code host:port}. */
    static RoundTripCounter start(String hostAndPort) throws IOException {
        int colon = hostAndPort.lastIndexOf(':');
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        RoundTripCounter p = new RoundTripCounter(s, new InetSocketAddress(hostAndPort.substring(0, colon),
                Integer.parseInt(hostAndPort.substring(colon + 1))));
        Thread t = new Thread(p::acceptLoop, "round-trips-accept");
        t.setDaemon(true);
        t.start();
        return p;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Round trips of every connection so far. */
    long roundTrips() {
        return roundTrips.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target, 5000);
                sockets.add(client);
                sockets.add(server);
                boolean[] serverSpokeLast = {true};
                pump(client, server, () -> {
                    synchronized (serverSpokeLast) {
                        if (serverSpokeLast[0]) {
                            roundTrips.incrementAndGet();
                            serverSpokeLast[0] = false;
                        }
                    }
                });
                pump(server, client, () -> {
                    synchronized (serverSpokeLast) {
                        serverSpokeLast[0] = true;
                    }
                });
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    /** Forwards {@code from} to {@code to}, calling {@code seen} before each chunk is passed on. */
    private void pump(Socket from, Socket to, Runnable seen) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    seen.run();
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        }, "round-trips-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        close(listener);
        sockets.forEach(RoundTripCounter::close);
    }

    private static void close(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}

package dev.custody.app.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process TCP proxy on 127.0.0.1 between the service and a real server (PostgreSQL, Redis, an S3
 * server), which a test can {@link #cut()} (every connection closed, new ones refused), {@link #reset()}
 * (every open connection aborted with RST, new ones accepted), {@link #slowDown(Duration)} (each chunk
 * delayed in both directions) and {@link #restore()} (forwarding again, releasing every chunk still held, as a
 * healed network delivers what it had queued). Two daemon threads pump each connection.
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode { FORWARD, CUT }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile Mode mode = Mode.FORWARD;
    private volatile long delayNanos;
    private volatile boolean closed;

    private TcpProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on a free port of 127.0.0.1 and forwards to {@code host:port}. */
    public static TcpProxy start(String host, int port) throws IOException {
        ServerSocket s = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        TcpProxy p = new TcpProxy(s, new InetSocketAddress(host, port));
        Thread t = new Thread(p::acceptLoop, "tcp-proxy-accept-" + s.getLocalPort());
        t.setDaemon(true);
        t.start();
        return p;
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every open connection and refuses new ones (accepted and closed at once) until {@link #restore()}. */
    public void cut() {
        mode = Mode.CUT;
        links.forEach(l -> l.close(false));
    }

    /** Aborts every open connection with a TCP RST; new connections are forwarded. */
    public void reset() {
        links.forEach(l -> l.close(true));
    }

    /** Delays every forwarded chunk by {@code delay}, in both directions. */
    public void slowDown(Duration delay) {
        delayNanos = delay.toNanos();
    }

    /** Forwards again, without delay. */
    public void restore() {
        delayNanos = 0;
        mode = Mode.FORWARD;
    }

    /** Connections open now. */
    public int openConnections() {
        return links.size();
    }

    /** Connections accepted and forwarded so far. */
    public long acceptedConnections() {
        return accepted.get();
    }

    /** Connections refused while cut. */
    public long refusedConnections() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;   // closed
            }
            if (mode == Mode.CUT) {
                refused.incrementAndGet();
                abort(client);
                continue;
            }
            try {
                Socket server = new Socket();
                server.connect(target, 5000);
                Link link = new Link(client, server);
                links.add(link);
                accepted.incrementAndGet();
                link.start();
            } catch (IOException e) {
                abort(client);
            }
        }
    }

    private static void abort(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** One proxied connection: client to server and back. */
    private final class Link {
        private final Socket client;
        private final Socket server;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            pump(client, server, "up");
            pump(server, client, "down");
        }

        private void pump(Socket from, Socket to, String dir) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        // held for the delay in force; restore() releases what is held, as a healed network
                        // delivers what it had queued
                        long readAt = System.nanoTime();
                        for (long left = delayNanos; left > 0; left = readAt + delayNanos - System.nanoTime()) {
                            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 10));
                        }
                        if (mode == Mode.CUT) {
                            break;
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // the other side closed, or the test cut or reset the link
                } finally {
                    close(false);
                }
            }, "tcp-proxy-" + dir + "-" + client.getPort());
            t.setDaemon(true);
            t.start();
        }

        void close(boolean rst) {
            links.remove(this);
            if (rst) {
                abort(client);
                abort(server);
            } else {
                try {
                    client.close();
                } catch (IOException ignored) {
                    // closing
                }
                try {
                    server.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        links.forEach(l -> l.close(false));
    }
}

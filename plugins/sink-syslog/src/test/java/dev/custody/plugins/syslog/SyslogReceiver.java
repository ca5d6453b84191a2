package dev.custody.plugins.syslog;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ServerSocketFactory;

/**
 * A real RFC 5425/6587 syslog receiver on loopback: reads octet-counted frames from every connection and
 * parses each message strictly by the ABNF of RFC 5424 §6 ({@link Rfc5424Parser}): PRI, VERSION, the
 * timestamp, the lengths and character sets of the header fields, SD-NAMEs and PARAM-VALUE escapes, and MSG
 * as MSG-UTF8 (BOM, then valid UTF-8) or MSG-ANY (which a strict receiver does not treat as UTF-8: a non-ASCII
 * MSG-ANY is an error here). Like rsyslog's {@code maxMessageSize}, it takes frames up to a limit; a larger
 * frame is an error. Malformed input is kept as an error, so a test sees it.
 */
final class SyslogReceiver implements AutoCloseable {

    /** One parsed message; {@code msg} without the BOM, {@code bom} whether it had one. */
    record Message(int pri, String timestamp, String hostname, String appName, String procId, String msgId,
            String sdId, Map<String, String> params, String msg, boolean bom, int declaredLength, int actualBytes) {
    }

    /** rsyslog's default {@code maxMessageSize}. */
    static final int RSYSLOG_DEFAULT_MAX = 8192;

    final List<Message> messages = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final int maxMessageBytes;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    SyslogReceiver(ServerSocketFactory factory, int port) throws IOException {
        this(factory, port, 1 << 20);
    }

    SyslogReceiver(ServerSocketFactory factory, int port, int maxMessageBytes) throws IOException {
        this.maxMessageBytes = maxMessageBytes;
        server = factory.createServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "syslog-receiver");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.add(s);
                Thread t = new Thread(() -> read(s), "syslog-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket s) {
        try (s; InputStream in = s.getInputStream()) {
            while (true) {
                StringBuilder len = new StringBuilder();
                int c;
                while ((c = in.read()) != ' ') {
                    if (c < 0) {
                        if (len.length() > 0) {
                            errors.add("stream ended inside a frame length");
                        }
                        return;
                    }
                    if (c < '0' || c > '9' || (len.length() == 0 && c == '0') || len.length() > 9) {
                        errors.add("not an octet count: " + (char) c);
                        return;
                    }
                    len.append((char) c);
                }
                int n = Integer.parseInt(len.toString());
                if (n > maxMessageBytes) {
                    errors.add("frame of " + n + " bytes exceeds the receiver's limit of " + maxMessageBytes);
                    return;
                }
                byte[] body = in.readNBytes(n);
                if (body.length != n) {
                    errors.add("frame truncated: " + body.length + " of " + n);
                    return;
                }
                accept(body);
            }
        } catch (IOException e) {
            // connection closed by the test
        }
    }

    /** Parses one message (the body of a frame) as a receiver would; for tests that feed bytes directly. */
    void accept(byte[] body) {
        try {
            messages.add(Rfc5424Parser.parse(body));
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
    }

    /** Parses a CEF:0 line into its seven header fields and its extension, undoing every escape. */
    static Map<String, String> parseCef(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] names = {"version", "vendor", "product", "deviceVersion", "signatureId", "name", "severity"};
        List<String> fields = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (fields.size() < 7) {
            char c = line.charAt(i++);
            if (c == '\\') {
                char n = line.charAt(i++);
                if (n != '\\' && n != '|') {
                    throw new IllegalArgumentException("bad header escape \\" + n);
                }
                sb.append(n);
            } else if (c == '|') {
                fields.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        for (int k = 0; k < 7; k++) {
            out.put(names[k], fields.get(k));
        }
        String ext = line.substring(i);
        Matcher key = Pattern.compile("(?:^| )([A-Za-z0-9_]+)=").matcher(ext);
        List<int[]> keys = new ArrayList<>();
        while (key.find()) {
            if (!escaped(ext, key.end() - 1)) {
                keys.add(new int[] {key.start(1), key.end()});
            }
        }
        for (int k = 0; k < keys.size(); k++) {
            int end = k + 1 < keys.size() ? keys.get(k + 1)[0] - 1 : ext.length();
            out.put(ext.substring(keys.get(k)[0], keys.get(k)[1] - 1), unescapeValue(ext.substring(keys.get(k)[1], end)));
        }
        return out;
    }

    private static boolean escaped(String s, int at) {
        int n = 0;
        for (int j = at - 1; j >= 0 && s.charAt(j) == '\\'; j--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static String unescapeValue(String v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '=' ) {
                throw new IllegalArgumentException("unescaped = in value: " + v);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char n = v.charAt(++i);
            switch (n) {
                case '\\', '=' -> sb.append(n);
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                default -> throw new IllegalArgumentException("bad value escape \\" + n);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}

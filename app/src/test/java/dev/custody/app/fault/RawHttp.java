package dev.custody.app.fault;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection for load tests, in the manner of the bench's {@code HttpConnection}: it writes
 * the request bytes and reads status line, headers and a {@code Content-Length} body. A load generator that shares
 * two cores with the server must spend little CPU per request; {@code java.net.http.HttpClient} spends several
 * times more (and on two cores its async path starts a thread per answer).
 */
public final class RawHttp implements AutoCloseable {

    /** A response: status, headers (names in lower case) and body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private boolean open = true;

    /** Connects to the host and port of {@code server}; reads time out after {@code timeoutMillis}. */
    public RawHttp(URI server, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMillis);
        socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), timeoutMillis);
        out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        host = server.getHost() + ":" + server.getPort();
    }

    /** Whether the server kept the connection open after the last response. */
    public boolean isOpen() {
        return open;
    }

    /** {@code GET path}. */
    public Response get(String path) throws IOException {
        return exchange("GET", path, null, null);
    }

    /** {@code GET path} with an {@code Authorization} header (null: none). */
    public Response get(String path, String authorization) throws IOException {
        return exchange("GET", path, authorization, null);
    }

    /**
     * Writes {@code request} exactly as given (head and body, {@code \r\n} line ends included) and reads one
     * response: for requests a client library would refuse to send, such as ambiguous framing.
     */
    public Response sendRaw(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return read();
    }

    /** {@code POST path} with a JSON body and an {@code Authorization} header (null: none). */
    public Response postJson(String path, String authorization, byte[] body) throws IOException {
        return exchange("POST", path, authorization, body);
    }

    private Response exchange(String method, String path, String authorization, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return read();
    }

    private Response read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        String length = headers.get("content-length");
        if (length == null) {
            throw new IOException("no Content-Length in a " + code + " response");
        }
        byte[] content = in.readNBytes(Integer.parseInt(length));
        if (content.length != Integer.parseInt(length)) {
            throw new EOFException("the connection closed inside a response body");
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            open = false;
        }
        return new Response(code, headers, content);
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        open = false;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

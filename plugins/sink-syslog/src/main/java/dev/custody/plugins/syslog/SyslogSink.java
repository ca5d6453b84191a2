package dev.custody.plugins.syslog;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.SinkException;
import dev.custody.ports.spi.ProviderMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;

/**
 * Sends each record as one octet-counted RFC 5424 frame over one long-lived connection. TCP syslog has
 * no application acknowledgement: a batch counts as delivered once written and flushed on a connection
 * the receiver has not closed. Before and after each batch the connection is probed (a receiver never
 * writes, so reading returns end-of-stream only when it has gone); a gone receiver fails the batch and
 * the next attempt reconnects.
 *
 * <p>A record whose message would exceed {@code max-message-bytes} is sent as a reference frame (id, chain,
 * seq, hash, size) instead of a message a receiver would cut; each one is counted
 * ({@code oversized_records}) and logged.
 */
final class SyslogSink implements AuditSink {

    /** The counter of records sent as a reference instead of whole. */
    static final String OVERSIZED = "oversized_records";

    private final SyslogSettings settings;
    private final SocketFactory factory;
    private final ProviderMetrics.Counter oversized;
    private final System.Logger log;
    private Socket socket;
    private OutputStream out;

    SyslogSink(SyslogSettings settings, SocketFactory factory, ProviderMetrics metrics, System.Logger log) {
        this.settings = settings;
        this.factory = factory;
        this.oversized = metrics.counter(OVERSIZED, "Records sent to syslog as a reference frame because their message "
                + "exceeded max-message-bytes");
        this.log = log;
    }

    @Override
    public synchronized void deliver(ChainId chain, List<AuditRecord> batch) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<String> references = new ArrayList<>();
        for (AuditRecord r : batch) {
            byte[] message = message(r, references);
            buf.writeBytes(Rfc5424.frame(message));
        }
        try {
            if (socket != null && peerClosed()) {
                disconnect();
            }
            if (socket == null) {
                connect();
            }
            out.write(buf.toByteArray());
            out.flush();
            if (peerClosed()) {
                throw new IOException("the receiver closed the connection");
            }
        } catch (IOException e) {
            disconnect();
            throw new SinkException("syslog sink: cannot send " + batch.size() + " records of " + chain + " to "
                    + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        // counted once sent: a failed batch is sent again and would count twice
        for (String line : references) {
            oversized.increment();
            log.log(Level.WARNING, line);
        }
    }

    /** The record's message, or its reference when the message exceeds max-message-bytes. */
    private byte[] message(AuditRecord r, List<String> references) {
        String msg = settings.format() == SyslogSettings.Format.CEF ? Cef.line(r, settings.severity()) : r.json();
        byte[] whole = Rfc5424.message(r, settings, msg).getBytes(StandardCharsets.UTF_8);
        if (whole.length <= settings.maxMessageBytes()) {
            return whole;
        }
        int recordBytes = r.json().getBytes(StandardCharsets.UTF_8).length;
        String why = "message of " + whole.length + " bytes exceeds max-message-bytes " + settings.maxMessageBytes();
        String ref = settings.format() == SyslogSettings.Format.CEF
                ? Cef.reference(r, settings.severity(), recordBytes, why)
                : referenceJson(r, recordBytes, why);
        byte[] reference = Rfc5424.reference(r, settings, ref).getBytes(StandardCharsets.UTF_8);
        if (reference.length > settings.maxMessageBytes()) {   // cannot happen above the 2048-byte minimum; never cut
            throw new SinkException("syslog sink: even the reference to record " + r.id() + " of " + r.chain() + " ("
                    + reference.length + " bytes) exceeds max-message-bytes " + settings.maxMessageBytes());
        }
        references.add("Record " + r.id() + " (" + r.chain() + " seq " + r.seq() + ", " + recordBytes
                + " bytes) sent to syslog " + settings.host() + ":" + settings.port() + " as a reference: " + why);
        return reference;
    }

    /** {@code {"omitted":why,"id","namespace","tenant","seq","record_hash","size"}}: fetch the record by its id. */
    private static String referenceJson(AuditRecord r, int recordBytes, String why) {
        return "{\"omitted\":" + quote(why) + ",\"id\":" + quote(r.id()) + ",\"namespace\":" + quote(r.chain().namespace())
                + ",\"tenant\":" + quote(r.chain().tenant()) + ",\"seq\":" + r.seq() + ",\"record_hash\":"
                + quote(r.recordHash()) + ",\"size\":" + recordBytes + "}";
    }

    private static String quote(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private void connect() throws IOException {
        Socket s = factory.createSocket();
        try {
            s.connect(new InetSocketAddress(settings.host(), settings.port()), (int) settings.timeout().toMillis());
            s.setSoTimeout((int) settings.timeout().toMillis());
            if (s instanceof SSLSocket ssl) {
                var params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");   // check the certificate names the host
                ssl.setSSLParameters(params);
                ssl.startHandshake();
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        out = s.getOutputStream();
    }

    /** True when the receiver has closed or reset the connection. */
    private boolean peerClosed() {
        try {
            socket.setSoTimeout(1);
            InputStream in = socket.getInputStream();
            int b = in.read();
            return b < 0;   // a syslog receiver sends nothing; data would be a protocol error we ignore
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                if (socket != null && !socket.isClosed()) {
                    socket.setSoTimeout((int) settings.timeout().toMillis());
                }
            } catch (IOException e) {
                // the next write reports it
            }
        }
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
        socket = null;
        out = null;
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}

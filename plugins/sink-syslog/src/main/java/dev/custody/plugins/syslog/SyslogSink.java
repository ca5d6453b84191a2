package dev.custody.plugins.syslog;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.SinkException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;

/**
 * Sends each record as one octet-counted RFC 5424 frame over one long-lived connection. TCP syslog has
 * no application acknowledgement: a batch counts as delivered once written and flushed on a connection
 * the receiver has not closed. Before and after each batch the connection is probed (a receiver never
 * writes, so reading returns end-of-stream only when it has gone); a gone receiver fails the batch and
 * the next attempt reconnects.
 */
final class SyslogSink implements AuditSink {

    private final SyslogSettings settings;
    private final SocketFactory factory;
    private Socket socket;
    private OutputStream out;

    SyslogSink(SyslogSettings settings, SocketFactory factory) {
        this.settings = settings;
        this.factory = factory;
    }

    @Override
    public synchronized void deliver(ChainId chain, List<AuditRecord> batch) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (AuditRecord r : batch) {
            String msg = settings.format() == SyslogSettings.Format.CEF ? Cef.line(r) : r.json();
            buf.writeBytes(Rfc5424.frame(Rfc5424.message(r, settings, msg)));
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

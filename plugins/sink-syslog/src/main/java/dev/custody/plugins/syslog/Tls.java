package dev.custody.plugins.syslog;

import dev.custody.ports.spi.ProviderConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The socket factory for a sink: plain TCP, or TLS trusting the configured PKCS12 store (or the JVM's). */
final class Tls {

    private Tls() {
    }

    static SocketFactory socketFactory(SyslogSettings s, ProviderConfig config) {
        if (!s.tls()) {
            return SocketFactory.getDefault();
        }
        if (s.trustStore() == null) {
            try {
                return SSLContext.getDefault().getSocketFactory();
            } catch (java.security.GeneralSecurityException e) {
                throw config.invalid("tls", "true", "the JVM has no default TLS context (" + e.getMessage() + ")");
            }
        }
        try (InputStream in = Files.newInputStream(s.trustStore())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, s.trustStorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw config.invalid("tls.trust-store", s.trustStore().toString(),
                    "must be a readable PKCS12 trust store with the given password (" + e.getMessage() + ")");
        }
    }
}

package dev.custody.plugins.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ServerSocketFactory;
import org.junit.jupiter.api.Test;

/** The test receiver is only worth its passes if it refuses what RFC 5424 refuses: it does. */
class SyslogReceiverStrictnessTest {

    private static final String HEAD = "<110>1 2026-11-30T10:15:30.123456Z custody-1 custody - access ";
    private static final String SD = "[custody@32473 chain=\"billing/acme\" seq=\"1\" id=\"x\" hash=\"ab\"]";

    private static String errorFor(byte[] message) throws Exception {
        try (SyslogReceiver rx = new SyslogReceiver(ServerSocketFactory.getDefault(), 0)) {
            rx.accept(message);
            assertThat(rx.errors).as("errors for %s", new String(message, StandardCharsets.UTF_8)).hasSize(1);
            return rx.errors.get(0);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withBom(String before, String msg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.writeBytes(utf8(msg));
        return out.toByteArray();
    }

    @Test
    void aWellFormedMessageParses_withItsBomAndEscapes() throws Exception {
        try (SyslogReceiver rx = new SyslogReceiver(ServerSocketFactory.getDefault(), 0)) {
            rx.accept(withBom(HEAD + "[custody@32473 chain=\"a\\]b\\\"c\\\\d\"] ", "Résumé ☃"));
            assertThat(rx.errors).isEmpty();
            assertThat(rx.messages.get(0).params()).containsEntry("chain", "a]b\"c\\d");
            assertThat(rx.messages.get(0).msg()).isEqualTo("Résumé ☃");
            assertThat(rx.messages.get(0).bom()).isTrue();
        }
    }

    @Test
    void nonAsciiMsgWithoutBom_isMsgAny_andRefused() throws Exception {
        assertThat(errorFor(utf8(HEAD + SD + " Résumé"))).contains("MSG-ANY holds the non-ASCII byte 0xc3");
    }

    @Test
    void headerAndStructuredDataViolations_areRefused() throws Exception {
        assertThat(errorFor(utf8("<192>1 - h a - m - x"))).contains("PRIVAL 192 is above 191");
        assertThat(errorFor(utf8("<13>2 - h a - m - x"))).contains("VERSION 2 is not 1");
        assertThat(errorFor(utf8("<13>1 2026-11-30T10:15:30.1234567Z h a - m - x"))).contains("TIMESTAMP");
        assertThat(errorFor(utf8("<13>1 2026-02-30T10:15:30Z h a - m - x"))).contains("has no such date");
        assertThat(errorFor(utf8("<13>1 - h " + "a".repeat(49) + " - m - x"))).contains("APP-NAME is longer than 48");
        assertThat(errorFor(utf8("<13>1 - h a - " + "m".repeat(33) + " - x"))).contains("MSGID is longer than 32");
        assertThat(errorFor(utf8(HEAD + "[custody@acme x=\"1\"] m"))).contains("not name@private-enterprise-number");
        assertThat(errorFor(utf8(HEAD + "[custody@32473 x=\"a]b\"] m"))).contains("unescaped ']'");
        assertThat(errorFor(badUtf8())).contains("MSG-UTF8 is not valid UTF-8");
    }

    private static byte[] badUtf8() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(withBom(HEAD + SD + " ", "ok"));
        out.write(0xC3);   // a lead byte without its continuation
        return out.toByteArray();
    }
}

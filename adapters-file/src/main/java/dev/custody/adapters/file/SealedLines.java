package dev.custody.adapters.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.custody.ports.ChainId;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Lines sealed with a keyset: {@code {"seq":12,"sealed":"<base64url of the AEAD ciphertext>"}}. The
 * associated data is {@code custody.v1 <namespace> <tenant> <seq>}, so a line copied to another chain or
 * moved to another position does not open. Only the seq is visible on disk: it carries no content and
 * lets recovery index files without the key.
 */
final class SealedLines implements LineCodec {

    private static final JsonFactory JSON = StoredJson.READER;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final KeysetCipher cipher;

    SealedLines(KeysetCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public String seal(ChainId chain, long seq, String json) {
        byte[] sealed = cipher.encrypt(json.getBytes(StandardCharsets.UTF_8), associatedData(chain, seq));
        return "{\"seq\":" + seq + ",\"sealed\":\"" + ENCODER.encodeToString(sealed) + "\"}";
    }

    @Override
    public String open(ChainId chain, long seq, String line) throws IOException {
        Wrapper w = parse(line);
        if (w.seq != seq) {
            throw new IOException("the sealed line of seq " + w.seq + " is where seq " + seq + " belongs");
        }
        byte[] ciphertext;
        try {
            ciphertext = DECODER.decode(w.sealed);
        } catch (IllegalArgumentException e) {
            throw new IOException("sealed is not base64url");
        }
        try {
            return new String(cipher.decrypt(ciphertext, associatedData(chain, seq)), StandardCharsets.UTF_8);
        } catch (KeyStoreException e) {
            throw new IOException("seq " + seq + " does not decrypt with keyset " + cipher.keyset()
                    + ": it was altered, moved, or sealed with another key", e);
        }
    }

    /** The keyset this codec seals with. */
    String keyset() {
        return cipher.keyset();
    }

    /** The id of the key that sealed {@code line}: Tink writes it after a version byte in front of the ciphertext. */
    static long keyIdOf(String line) throws IOException {
        byte[] c;
        try {
            c = DECODER.decode(parse(line).sealed);
        } catch (IllegalArgumentException e) {
            throw new IOException("sealed is not base64url");
        }
        if (c.length < 5) {
            throw new IOException("a sealed line too short to name its key");
        }
        return ((c[1] & 0xffL) << 24) | ((c[2] & 0xffL) << 16) | ((c[3] & 0xffL) << 8) | (c[4] & 0xffL);
    }

    @Override
    public String format() {
        return "sealed";
    }

    @Override
    public long seqOf(String line) throws IOException {
        return parse(line).seq;
    }

    private record Wrapper(long seq, String sealed) {
    }

    private static Wrapper parse(String line) throws IOException {
        long seq = -1;
        String sealed = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a sealed line");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("seq") && t == JsonToken.VALUE_NUMBER_INT) {
                    seq = p.getLongValue();
                } else if (name.equals("sealed") && t == JsonToken.VALUE_STRING) {
                    sealed = p.getText();
                } else {
                    throw new IOException("unexpected field " + name + " in a sealed line");
                }
            }
            if (p.nextToken() != null) {
                throw new IOException("text after the sealed line");
            }
        }
        if (seq < 1 || sealed == null) {
            throw new IOException("a sealed line needs seq and sealed");
        }
        return new Wrapper(seq, sealed);
    }

    private static byte[] associatedData(ChainId chain, long seq) {
        return ("custody.v1 " + chain.namespace() + " " + chain.tenant() + " " + seq).getBytes(StandardCharsets.UTF_8);
    }
}

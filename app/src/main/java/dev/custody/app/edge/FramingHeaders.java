package dev.custody.app.edge;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * The headers of a request as Netty's decoder builds them, remembering whether the request carried a
 * {@code Content-Length}: Netty removes it when {@code Transfer-Encoding: chunked} is present too (RFC 9112 lets a
 * server prefer the coding), and a proxy in front may have preferred the length.
 */
final class FramingHeaders extends DefaultHttpHeaders {

    private boolean hadContentLength;

    private FramingHeaders(DefaultHttpHeadersFactory validation) {
        super(validation.getNameValidator(), validation.getValueValidator());
    }

    /** A factory of these headers, validating names and values as Netty's own does when {@code validate}. */
    static HttpHeadersFactory factory(boolean validate) {
        DefaultHttpHeadersFactory validation = DefaultHttpHeadersFactory.headersFactory().withValidation(validate);
        return new HttpHeadersFactory() {
            @Override
            public HttpHeaders newHeaders() {
                return new FramingHeaders(validation);
            }

            @Override
            public HttpHeaders newEmptyHeaders() {
                return new FramingHeaders(validation);
            }
        };
    }

    /** Whether the request carried a {@code Content-Length}, whether or not it is still here. */
    boolean hadContentLength() {
        return hadContentLength || contains(HttpHeaderNames.CONTENT_LENGTH);
    }

    @Override
    public HttpHeaders remove(String name) {
        return remove((CharSequence) name);
    }

    @Override
    public HttpHeaders remove(CharSequence name) {
        if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name) && contains(HttpHeaderNames.CONTENT_LENGTH)) {
            hadContentLength = true;
        }
        return super.remove(name);
    }
}

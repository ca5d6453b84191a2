package dev.custody.app.edge;

import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Sits right behind the HTTP/1.1 codec of one connection and refuses a request whose body length two parsers could
 * read differently (request smuggling through a proxy): a {@code Transfer-Encoding} together with a {@code
 * Content-Length}, or a {@code Transfer-Encoding} other than exactly {@code chunked}. The request goes on to
 * Micronaut marked as undecodable, with the problem as the cause, so it is answered in order, 400 {@code
 * INVALID_PARAMETER} naming the header, and the connection is closed; its body and anything after it on the
 * connection is dropped unread.
 */
final class FramingGuard extends ChannelInboundHandlerAdapter {

    /** The header every refusal names. */
    static final String FIELD = "Transfer-Encoding";

    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            String problem = problem(request.headers());
            if (problem != null) {
                refused = true;
                request.setDecoderResult(DecoderResult.failure(ProblemException.at(ProblemCode.INVALID_PARAMETER, FIELD,
                        problem + "; the request is refused and the connection closed")));
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Why these headers frame a body ambiguously, or null when they do not. */
    static String problem(HttpHeaders headers) {
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (codings.isEmpty()) {
            return null;
        }
        boolean hadLength = headers instanceof FramingHeaders f ? f.hadContentLength()
                : headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        if (hadLength) {
            return "Transfer-Encoding and Content-Length must not both be sent";
        }
        if (codings.size() != 1 || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(0).trim())) {
            return "the only transfer coding accepted is chunked, once (sent: " + String.join(", ", codings) + ")";
        }
        return null;
    }
}

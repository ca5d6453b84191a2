package dev.custody.app.edge;

import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Puts a {@link FramingGuard} behind the HTTP/1.1 codec of every connection, and replaces the codec by one built
 * from the same settings whose request headers remember a {@code Content-Length} Netty drops ({@link
 * FramingHeaders}). HTTP/2 connections have no such codec: HTTP/2 frames carry their own lengths and Netty refuses
 * a {@code Transfer-Encoding} there.
 */
final class FramingCustomizer implements NettyServerCustomizer {

    static final String HANDLER = "custody-framing-guard";

    private final NettyHttpServerConfiguration server;
    private final Channel channel;

    FramingCustomizer(NettyHttpServerConfiguration server, Channel channel) {
        this.server = server;
        this.channel = channel;
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
        return new FramingCustomizer(server, channel);
    }

    @Override
    public void onStreamPipelineBuilt() {
        ChannelPipeline pipeline = channel.pipeline();
        String codec = ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC;
        if (!(pipeline.get(codec) instanceof HttpServerCodec) || pipeline.get(HANDLER) != null) {
            return;
        }
        HttpDecoderConfig config = new HttpDecoderConfig()
                .setMaxInitialLineLength(server.getMaxInitialLineLength())
                .setMaxHeaderSize(server.getMaxHeaderSize())
                .setMaxChunkSize(server.getMaxChunkSize())
                .setInitialBufferSize(server.getInitialBufferSize())
                .setHeadersFactory(FramingHeaders.factory(server.isValidateHeaders()));
        pipeline.replace(codec, codec, new HttpServerCodec(config));
        pipeline.addAfter(codec, HANDLER, new FramingGuard());
    }
}

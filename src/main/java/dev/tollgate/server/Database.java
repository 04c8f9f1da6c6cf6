package dev.tollgate.server;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections to the decision log's database, SQLite or PostgreSQL, with the schema brought up to date by Flyway
 * on open. SQLite runs in WAL mode with {@code synchronous=FULL}: a committed decision survives a power cut, and
 * readers never wait for the writer. A handful of pooled connections is all a single service needs.
 */
final class Database implements AutoCloseable {

    private static final int MAX_CONNECTIONS = 4;

    private final String url;
    private final Properties properties;
    private final boolean sqlite;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(MAX_CONNECTIONS);
    private final AtomicInteger open = new AtomicInteger();

    private Database(String url, Properties properties, boolean sqlite) {
        this.url = url;
        this.properties = properties;
        this.sqlite = sqlite;
    }

    static Database open(String url, String user, String password) {
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        Properties props;
        if (sqlite) {
            createParent(url);
            SQLiteConfig c = new SQLiteConfig();
            c.setJournalMode(SQLiteConfig.JournalMode.WAL);
            c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            c.setBusyTimeout(30_000);
            // Writers take the write lock when the transaction begins, so two appenders never deadlock upgrading.
            c.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            props = c.toProperties();
        } else if (url.startsWith("jdbc:postgresql:")) {
            props = new Properties();
            if (user != null) props.setProperty("user", user);
            if (password != null) props.setProperty("password", password);
        } else {
            throw new ConfigException("decision log: '" + url + "' must be a jdbc:sqlite: or jdbc:postgresql: URL");
        }
        Database db = new Database(url, props, sqlite);
        db.migrate();
        return db;
    }

    boolean sqlite() {
        return sqlite;
    }

    String url() {
        return url;
    }

    private void migrate() {
        try (Lease first = lease()) {
            // Sets WAL on the file before Flyway's own connection writes to it.
            first.connection().isValid(5);
        } catch (SQLException e) {
            throw new ConfigException("decision log " + url + ": cannot connect: " + e.getMessage(), e);
        }
        try {
            Flyway.configure()
                    .dataSource(url, properties.getProperty("user"), properties.getProperty("password"))
                    .locations("classpath:db/migration")
                    .table("tollgate_schema_history")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new ConfigException("decision log " + url + ": schema migration failed: " + e.getMessage(), e);
        }
    }

    /** A pooled connection; close the lease to give it back, or mark it broken to have it closed instead. */
    Lease lease() throws SQLException {
        Connection c = idle.poll();
        if (c == null && open.incrementAndGet() > MAX_CONNECTIONS) {
            open.decrementAndGet();
            try {
                c = idle.poll(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted waiting for a decision log connection");
            }
            if (c == null) throw new SQLException("no decision log connection free after 30 s");
        } else if (c == null) {
            try {
                c = DriverManager.getConnection(url, properties);
            } catch (SQLException e) {
                open.decrementAndGet();
                throw e;
            }
        }
        return new Lease(c);
    }

    final class Lease implements AutoCloseable {
        private final Connection connection;
        private boolean broken;

        private Lease(Connection connection) {
            this.connection = connection;
        }

        Connection connection() {
            return connection;
        }

        void broken() {
            broken = true;
        }

        @Override
        public void close() {
            try {
                if (!broken && connection.getAutoCommit() && idle.offer(connection)) return;
            } catch (SQLException e) {
                // falls through: a connection that cannot say its state is not reused
            }
            open.decrementAndGet();
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing left to save
            }
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // shutting down
            }
        }
    }

    private static void createParent(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int q = file.indexOf('?');
        if (q >= 0) file = file.substring(0, q);
        if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file:")) return;
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new ConfigException("decision log: cannot create directory " + parent + ": " + e.getMessage(), e);
        }
    }
}

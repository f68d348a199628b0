package io.placebench.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Breaks the service's database again and again: from its own JDBC connection, terminates every other client
 * connection to the database every {@code pauseMillis}, as a PostgreSQL restart or failover would. The service sees
 * SQLState 57P01 or a closed connection (08xxx) in the middle of its transactions and on its pooled connections.
 */
public final class ConnectionKiller implements AutoCloseable {

    private final Thread thread;
    private final AtomicInteger killed = new AtomicInteger();
    private volatile boolean running = true;

    public ConnectionKiller(long pauseMillis) {
        thread = new Thread(() -> loop(pauseMillis), "connection-killer");
        thread.setDaemon(true);
        thread.start();
    }

    /** How many connections were terminated so far. */
    public int killed() {
        return killed.get();
    }

    private void loop(long pauseMillis) {
        TestPostgres.Jdbc jdbc = TestPostgres.jdbc();
        while (running) {
            try (Connection c = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password());
                    Statement st = c.createStatement()) {
                while (running) {
                    try (ResultSet rs = st.executeQuery("select count(*) filter (where t) from (select "
                            + "pg_terminate_backend(pid) as t from pg_stat_activity where datname = current_database() "
                            + "and pid <> pg_backend_pid() and backend_type = 'client backend') k")) {
                        rs.next();
                        killed.addAndGet(rs.getInt(1));
                    }
                    Thread.sleep(pauseMillis);
                }
            } catch (SQLException e) {
                // another killer's victim, or the database restarting: connect again
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }

    /** One query on a fresh connection of its own (the caller retries if a killer got it). */
    public static long count(String sql, Object... params) throws SQLException {
        TestPostgres.Jdbc jdbc = TestPostgres.jdbc();
        try (Connection c = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password());
                var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

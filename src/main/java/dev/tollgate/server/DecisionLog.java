package dev.tollgate.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable, tamper-evident record of every decision. {@link #append} returns only after the record is committed
 * (and, on SQLite, fsynced), so a decision the service has answered is never lost; each record carries the hash of
 * the one before, so {@link #verify} finds any record changed, removed or inserted afterwards.
 */
public final class DecisionLog implements AutoCloseable, ReplayGuard {

    private static final String COLUMNS = "seq, id, decided_at, decided_at_ms, caller, stack, admission_uid, request_sha256, "
            + "plan_sha256, bundle_revision, allowed, latency_ms, decision, prev_hash, hash";

    private final Database db;
    /** Appends in this process queue here rather than on the database lock. */
    private final ReentrantLock appendLock = new ReentrantLock();

    private DecisionLog(Database db) {
        this.db = db;
    }

    /** Opens (and creates or migrates) the log at a JDBC URL. */
    public static DecisionLog open(String url, String user, String password) {
        return new DecisionLog(Database.open(url, user, password));
    }

    public String url() {
        return db.url();
    }

    /** An admission uid is already decided (by another request or another instance). */
    public static final class DuplicateUid extends RuntimeException {
        DuplicateUid(String uid) {
            super("admission uid " + uid + " is already decided");
        }
    }

    /**
     * Writes a record at the end of the chain; its seq, prevHash and hash are assigned here.
     *
     * @throws DuplicateUid when the record's admission uid is already in the log
     * @throws SQLException when the record could not be written: the decision must not be answered
     */
    public LogRecord append(LogRecord r) throws SQLException {
        appendLock.lock();
        try (Database.Lease lease = db.lease()) {
            Connection c = lease.connection();
            c.setAutoCommit(false);
            try {
                LogRecord chained;
                try (PreparedStatement bump = c.prepareStatement("UPDATE chain_head SET seq = seq + 1 WHERE id = 1")) {
                    if (bump.executeUpdate() != 1) throw new SQLException("decision log has no chain_head row: the schema is damaged");
                }
                try (PreparedStatement head = c.prepareStatement("SELECT seq, hash FROM chain_head WHERE id = 1");
                     ResultSet rs = head.executeQuery()) {
                    rs.next();
                    chained = r.chained(rs.getLong(1), rs.getString(2));
                }
                if (r.admissionUid() != null && exists(c, r.admissionUid())) throw new DuplicateUid(r.admissionUid());
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO decisions (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    bind(ins, chained);
                    ins.executeUpdate();
                }
                try (PreparedStatement head = c.prepareStatement("UPDATE chain_head SET hash = ? WHERE id = 1")) {
                    head.setString(1, chained.hash());
                    head.executeUpdate();
                }
                c.commit();
                return chained;
            } catch (SQLException | RuntimeException e) {
                rollback(c, lease);
                throw e;
            } finally {
                restore(c, lease);
            }
        } finally {
            appendLock.unlock();
        }
    }

    private static boolean exists(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM decisions WHERE admission_uid = ?")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Optional<LogRecord> byId(String id) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM decisions WHERE id = ? ORDER BY seq DESC", id);
    }

    public Optional<LogRecord> byUid(String uid) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM decisions WHERE admission_uid = ?", uid);
    }

    private Optional<LogRecord> one(String sql, String key) throws SQLException {
        try (Database.Lease lease = db.lease(); PreparedStatement ps = lease.connection().prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * A page of records, newest first.
     *
     * @param stacks  only these stacks (exact names), or null for all
     * @param before  only records with a seq below this (the previous page's cursor), or 0 for the newest
     */
    public record Query(List<String> stacks, Instant since, Boolean allowed, long before, int limit) {}

    /** @param next the cursor for the following page, or 0 when this is the last one */
    public record Page(List<LogRecord> records, long next) {}

    public Page list(Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM decisions WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.stacks() != null) {
            if (q.stacks().isEmpty()) return new Page(List.of(), 0);
            sql.append(" AND stack IN (").append("?,".repeat(q.stacks().size() - 1)).append("?)");
            args.addAll(q.stacks());
        }
        if (q.since() != null) {
            sql.append(" AND decided_at_ms >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.allowed() != null) {
            sql.append(" AND allowed = ?");
            args.add(q.allowed());
        }
        if (q.before() > 0) {
            sql.append(" AND seq < ?");
            args.add(q.before());
        }
        sql.append(" ORDER BY seq DESC LIMIT ").append(q.limit() + 1);
        List<LogRecord> out = new ArrayList<>();
        try (Database.Lease lease = db.lease(); PreparedStatement ps = lease.connection().prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
        }
        if (out.size() <= q.limit()) return new Page(out, 0);
        List<LogRecord> page = out.subList(0, q.limit());
        return new Page(List.copyOf(page), page.get(page.size() - 1).seq());
    }

    /**
     * The outcome of checking the chain.
     *
     * @param records  how many records were read
     * @param problem  what is wrong with the first broken record, or null when the chain holds
     * @param broken   that record's seq (0 when the problem is the chain head), or -1 when the chain holds
     */
    public record Verification(long records, String headHash, String problem, long broken) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** Re-reads every record in order and checks seq continuity, the prev_hash links and each record's own hash. */
    public Verification verify() throws SQLException {
        try (Database.Lease lease = db.lease()) {
            Connection conn = lease.connection();
            long expected = 1;
            String prev = LogRecord.GENESIS;
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM decisions ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LogRecord r = read(rs);
                    String name = "record " + r.seq() + " (" + r.id() + ")";
                    if (r.seq() != expected) {
                        return new Verification(expected - 1, prev, "record " + expected + " is missing: the next record is " + r.seq(), expected);
                    }
                    if (!r.prevHash().equals(prev)) {
                        return new Verification(expected - 1, prev, name + ": prev_hash does not match the hash of record " + (expected - 1), r.seq());
                    }
                    if (!r.computeHash().equals(r.hash())) {
                        return new Verification(expected - 1, prev, name + ": content does not match its hash (changed after it was written)", r.seq());
                    }
                    prev = r.hash();
                    expected++;
                }
            }
            long count = expected - 1;
            try (PreparedStatement ps = conn.prepareStatement("SELECT seq, hash FROM chain_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return new Verification(count, prev, "chain head is missing", 0);
                if (rs.getLong(1) != count || !rs.getString(2).equals(prev)) {
                    return new Verification(count, prev, "chain head says " + rs.getLong(1) + " records ending in "
                            + rs.getString(2).substring(0, 12) + "…, the log has " + count
                            + (count > 0 ? " ending in " + prev.substring(0, 12) + "…" : "") + ": records were removed from the end", 0);
                }
            }
            return new Verification(count, prev, null, -1);
        }
    }

    /** Proves the log can take a write now, without writing: takes the write lock and rolls back. */
    public void checkWritable() throws SQLException {
        try (Database.Lease lease = db.lease()) {
            Connection c = lease.connection();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE chain_head SET seq = seq WHERE id = 1")) {
                if (ps.executeUpdate() != 1) throw new SQLException("decision log has no chain_head row");
            } finally {
                rollback(c, lease);
                restore(c, lease);
            }
        }
    }

    @Override
    public boolean firstUse(String signature, Instant expires, Instant now) throws SQLException {
        try (Database.Lease lease = db.lease()) {
            Connection c = lease.connection();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement purge = c.prepareStatement("DELETE FROM seen_signatures WHERE expires_ms < ?")) {
                    purge.setLong(1, now.toEpochMilli());
                    purge.executeUpdate();
                }
                try (PreparedStatement seen = c.prepareStatement("SELECT 1 FROM seen_signatures WHERE signature = ?")) {
                    seen.setString(1, signature);
                    try (ResultSet rs = seen.executeQuery()) {
                        if (rs.next()) {
                            c.rollback();
                            return false;
                        }
                    }
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO seen_signatures (signature, expires_ms) VALUES (?, ?)")) {
                    ins.setString(1, signature);
                    ins.setLong(2, expires.toEpochMilli());
                    ins.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                rollback(c, lease);
                // Another instance recorded it between our check and insert: the key constraint says replay.
                if (isUniqueViolation(e)) return false;
                throw e;
            } finally {
                restore(c, lease);
            }
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        String msg = String.valueOf(e.getMessage());
        return "23505".equals(state) || msg.contains("UNIQUE constraint failed") || msg.contains("PRIMARY KEY constraint");
    }

    private static void bind(PreparedStatement ps, LogRecord r) throws SQLException {
        ps.setLong(1, r.seq());
        ps.setString(2, r.id());
        ps.setString(3, r.decidedAt());
        ps.setLong(4, r.decidedAtMs());
        ps.setString(5, r.caller());
        ps.setString(6, r.stack());
        if (r.admissionUid() == null) ps.setNull(7, Types.VARCHAR); else ps.setString(7, r.admissionUid());
        if (r.requestSha256() == null) ps.setNull(8, Types.VARCHAR); else ps.setString(8, r.requestSha256());
        ps.setString(9, r.planSha256());
        ps.setString(10, r.bundleRevision());
        ps.setBoolean(11, r.allowed());
        ps.setDouble(12, r.latencyMs());
        ps.setString(13, r.decision());
        ps.setString(14, r.prevHash());
        ps.setString(15, r.hash());
    }

    private static LogRecord read(ResultSet rs) throws SQLException {
        return new LogRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getBoolean(11), rs.getDouble(12),
                rs.getString(13), rs.getString(14), rs.getString(15));
    }

    private static void rollback(Connection c, Database.Lease lease) {
        try {
            c.rollback();
        } catch (SQLException e) {
            lease.broken();
        }
    }

    private static void restore(Connection c, Database.Lease lease) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            lease.broken();
        }
    }

    @Override
    public void close() {
        db.close();
    }
}

package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static dev.tollgate.server.TestServer.*;
import static org.junit.jupiter.api.Assertions.*;

/** The decision log: a hash chain that {@code tollgate log verify} checks, on SQLite (and PostgreSQL when one is given). */
class DecisionLogTest {

    @TempDir
    Path dir;

    static LogRecord record(String id, String stack, boolean allowed, String uid) {
        return new LogRecord(0, id, "2026-11-23T12:00:00Z", Instant.parse("2026-11-23T12:00:00Z").toEpochMilli(), "ci", stack, uid,
                null, "a".repeat(64), "sha256:" + "b".repeat(64), allowed, 12.5, "{\"id\":\"" + id + "\",\"allowed\":" + allowed + "}", null, null);
    }

    private static void exec(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private String fill(int n) throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("log.db");
        try (DecisionLog log = DecisionLog.open(url, null, null)) {
            for (int i = 1; i <= n; i++) {
                LogRecord r = log.append(record("dec-" + i, "stack-" + (i % 2), i % 3 != 0, null));
                assertEquals(i, r.seq());
            }
        }
        return url;
    }

    @Test
    void chainsEveryRecordToThePreviousOne() throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("log.db");
        try (DecisionLog log = DecisionLog.open(url, null, null)) {
            LogRecord a = log.append(record("dec-a", "s", true, null));
            LogRecord b = log.append(record("dec-b", "s", false, "uid-1"));
            assertEquals(LogRecord.GENESIS, a.prevHash());
            assertEquals(a.hash(), b.prevHash());
            assertEquals(b.computeHash(), b.hash());
            assertEquals(b, log.byUid("uid-1").orElseThrow());
            assertEquals(a, log.byId("dec-a").orElseThrow());
            assertThrows(DecisionLog.DuplicateUid.class, () -> log.append(record("dec-c", "s", true, "uid-1")));
            DecisionLog.Verification v = log.verify();
            assertTrue(v.ok(), v.problem());
            assertEquals(2, v.records());
            assertEquals(b.hash(), v.headHash());
        }
    }

    @Test
    void verifyPassesOnAnIntactLog() throws SQLException {
        String url = fill(5);
        Cli r = Cli.run("log", "verify", "--db", url);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(": 5 records, chain intact, head "), r.out());
    }

    @Test
    void verifyNamesARecordWhoseContentChanged() throws SQLException {
        String url = fill(5);
        exec(url, "UPDATE decisions SET allowed = 1 WHERE seq = 3");
        Cli r = Cli.run("log", "verify", "--db", url);
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("BROKEN after 2 intact records: record 3 (dec-3): content does not match its hash"), r.out());
    }

    @Test
    void verifyNamesARecordRewrittenWithAFreshHash() throws SQLException {
        String url = fill(5);
        // A forger who recomputes the changed record's own hash still breaks the link from the next record.
        LogRecord forged;
        try (DecisionLog log = DecisionLog.open(url, null, null)) {
            LogRecord original = log.byId("dec-3").orElseThrow();
            assertFalse(original.allowed());
            forged = new LogRecord(3, "dec-3", original.decidedAt(), original.decidedAtMs(), "ci", original.stack(), null, null,
                    original.planSha256(), original.bundleRevision(), true, original.latencyMs(), original.decision(), original.prevHash(), null);
        }
        exec(url, "UPDATE decisions SET allowed = 1, hash = '" + forged.computeHash() + "' WHERE seq = 3");
        Cli r = Cli.run("log", "verify", "--db", url);
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("record 4 (dec-4): prev_hash does not match the hash of record 3"), r.out());
    }

    @Test
    void verifyNamesARemovedRecord() throws SQLException {
        String url = fill(5);
        exec(url, "DELETE FROM decisions WHERE seq = 4");
        Cli r = Cli.run("log", "verify", "--db", url);
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("record 4 is missing: the next record is 5"), r.out());
    }

    @Test
    void verifyNoticesRecordsCutFromTheEnd() throws SQLException {
        String url = fill(5);
        exec(url, "DELETE FROM decisions WHERE seq = 5");
        Cli r = Cli.run("log", "verify", "--db", url);
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("chain head says 5 records"), r.out());
        assertTrue(r.out().contains("records were removed from the end"), r.out());
    }

    @Test
    void verifyOfAMissingFileIsBadInput() {
        Cli r = Cli.run("log", "verify", "--db", "jdbc:sqlite:" + dir.resolve("nothing.db"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no decision log at "), r.err());
    }

    @Test
    void listsWithFiltersAndPages() throws SQLException {
        String url = fill(7);
        try (DecisionLog log = DecisionLog.open(url, null, null)) {
            DecisionLog.Page all = log.list(new DecisionLog.Query(null, null, null, 0, 3));
            assertEquals(List.of(7L, 6L, 5L), all.records().stream().map(LogRecord::seq).toList());
            assertEquals(5, all.next());
            DecisionLog.Page rest = log.list(new DecisionLog.Query(null, null, null, all.next(), 10));
            assertEquals(List.of(4L, 3L, 2L, 1L), rest.records().stream().map(LogRecord::seq).toList());
            assertEquals(0, rest.next());
            DecisionLog.Page denied = log.list(new DecisionLog.Query(List.of("stack-1"), null, false, 0, 10));
            assertEquals(List.of(3L), denied.records().stream().map(LogRecord::seq).toList());
            assertEquals(0, log.list(new DecisionLog.Query(null, Instant.parse("2027-01-01T00:00:00Z"), null, 0, 10)).records().size());
        }
    }

    @Test
    void signaturesAreAcceptedOnceUntilTheyExpire() throws SQLException {
        try (DecisionLog log = DecisionLog.open("jdbc:sqlite:" + dir.resolve("log.db"), null, null)) {
            Instant now = Instant.parse("2026-11-23T12:00:00Z");
            assertTrue(log.firstUse("ab", now.plusSeconds(300), now));
            assertFalse(log.firstUse("ab", now.plusSeconds(300), now.plusSeconds(10)));
            // Once its window has passed the timestamp check refuses it anyway, so the entry can go.
            assertTrue(log.firstUse("ab", now.plusSeconds(900), now.plusSeconds(301)));
        }
    }

    @Test
    void aLogThatCannotBeWrittenGivesNoAnswer() throws IOException, SQLException {
        try (TestServer s = TestServer.start(dir, null, null)) {
            assertEquals(200, s.post("/v1/evaluate?stack=a", read(ALLOW_PLAN)).statusCode());
            exec("jdbc:sqlite:" + dir.resolve("data/decisions.db"), "DROP TABLE decisions");
            HttpResponse<String> r = s.post("/v1/evaluate?stack=a", read(ALLOW_PLAN));
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("log_unavailable", json(r).get("code").asText());
            assertEquals(1.0, ServerApiTest.counter(s.get("/metrics").body(), "tollgate_decision_log_write_failures_total"));
        }
    }

    @Test
    void postgresqlSharesTheSchema() throws SQLException {
        String url = System.getenv("TOLLGATE_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(url != null && url.startsWith("jdbc:postgresql:"),
                "skipped: TOLLGATE_TEST_POSTGRES_URL is not set, so there is no PostgreSQL server to test against "
                        + "(set it to a jdbc:postgresql: URL of a scratch database, user and password in the URL)");
        try (DecisionLog log = DecisionLog.open(url, null, null)) {
            LogRecord a = log.append(record("dec-pg-" + System.nanoTime(), "pg", true, null));
            LogRecord b = log.append(record("dec-pg-" + System.nanoTime(), "pg", false, "pg-uid-" + System.nanoTime()));
            assertEquals(a.seq() + 1, b.seq());
            assertEquals(a.hash(), b.prevHash());
            assertEquals(b, log.byUid(b.admissionUid()).orElseThrow());
            assertTrue(log.verify().ok(), log.verify().problem());
            Instant now = Instant.now();
            String sig = Long.toHexString(System.nanoTime());
            assertTrue(log.firstUse(sig, now.plusSeconds(300), now));
            assertFalse(log.firstUse(sig, now.plusSeconds(300), now));
        }
        // The service on the shared log: an admission uid is decided once there too.
        try (TestServer s = TestServer.start(dir, "decision_log: {url: \"" + url + "\"}", null)) {
            String uid = "pg-review-" + System.nanoTime();
            JsonNode first = json(s.post("/v1/admission", review(uid, "network-eu", ALLOW_PLAN))).get("response");
            JsonNode again = json(s.post("/v1/admission", review(uid, "network-eu", ALLOW_PLAN))).get("response");
            assertEquals(first.get("decision_id"), again.get("decision_id"));
            assertTrue(again.get("replayed").asBoolean());
        }
        Cli r = Cli.run("log", "verify", "--db", url);
        assertEquals(0, r.exit(), r.out() + r.err());
    }
}

package dev.tollgate.server;

import java.sql.SQLException;
import java.time.Instant;

/** Remembers accepted webhook signatures until their window closes, so each is accepted once. */
public interface ReplayGuard {
    /** True the first time a signature is seen; false when it was accepted before and has not expired. */
    boolean firstUse(String signature, Instant expires, Instant now) throws SQLException;
}

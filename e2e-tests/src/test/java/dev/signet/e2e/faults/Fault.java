package dev.signet.e2e.faults;

import dev.signet.infra.stack.LocalStack;

/** The faults the suite injects, in turn: real {@code kill -9} of a recorded pid, or PostgreSQL's immediate stop. */
enum Fault {
    KILL_AMO_API("kill -9 amo-api", "amo-api"),
    KILL_WORKER("kill -9 validator-worker just after a signature", "validator-worker"),
    KILL_SIGNER("kill -9 autograph-signer", "autograph-signer"),
    KILL_KAFKA("kill -9 kafka broker", LocalStack.KAFKA),
    POSTGRES_IMMEDIATE("pg_ctl stop -m immediate; start", null);

    final String description;
    /** The supervised child that is killed (and restarted by the supervisor), or null for PostgreSQL. */
    final String child;

    Fault(String description, String child) {
        this.description = description;
        this.child = child;
    }
}

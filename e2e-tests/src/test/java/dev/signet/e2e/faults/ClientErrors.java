package dev.signet.e2e.faults;

import java.util.concurrent.atomic.AtomicInteger;

/** What the clients ran into, counted separately: a 5xx is the service's fault, a refused connection is not. */
final class ClientErrors {

    final AtomicInteger put5xx = new AtomicInteger();
    final AtomicInteger putConnectionErrors = new AtomicInteger();
    final AtomicInteger putOther4xx = new AtomicInteger();
    final AtomicInteger get5xx = new AtomicInteger();
    final AtomicInteger getConnectionErrors = new AtomicInteger();
    final AtomicInteger getNotFoundAfterAccept = new AtomicInteger();
}

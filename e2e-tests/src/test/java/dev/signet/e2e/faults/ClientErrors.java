package dev.signet.e2e.faults;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/** What the clients ran into, counted separately: a 5xx is the service's fault, a refused connection is not. */
final class ClientErrors {

    final AtomicInteger put5xx = new AtomicInteger();
    final AtomicInteger putConnectionErrors = new AtomicInteger();
    final AtomicInteger putOther4xx = new AtomicInteger();
    /** 429 from admission control while the backlog is full (a worker down): retried after Retry-After. */
    final AtomicInteger putRefused = new AtomicInteger();
    final AtomicInteger get5xx = new AtomicInteger();
    /** 5xx other than a 503 with Retry-After (the one answer a client can act on): must stay 0. */
    final AtomicInteger unexpected5xx = new AtomicInteger();

    /** Counts a 5xx; a 503 that says when to come back is a clean refusal, anything else is a defect. */
    void serverError(AtomicInteger counter, HttpResponse<?> response) {
        counter.incrementAndGet();
        if (response.statusCode() != 503 || response.headers().firstValue("Retry-After").isEmpty()) {
            unexpected5xx.incrementAndGet();
        }
    }
    final AtomicInteger getConnectionErrors = new AtomicInteger();
    final AtomicInteger getNotFoundAfterAccept = new AtomicInteger();
}

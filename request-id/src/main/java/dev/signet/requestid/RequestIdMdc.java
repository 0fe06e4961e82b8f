package dev.signet.requestid;

import dev.signet.model.requestid.RequestIds;
import java.util.concurrent.Callable;
import org.jboss.logging.MDC;

/**
 * The request id in the logging MDC ({@code request_id}). Threads that serve one job after another (Kafka
 * consumers, executors) set it for one unit of work with {@link #open} and close the scope before the next.
 */
public final class RequestIdMdc {

    private RequestIdMdc() {
    }

    /** The id of the request or job being handled on this thread, or null outside one. */
    public static String current() {
        Object id = MDC.get(RequestIds.MDC_KEY);
        return id == null ? null : id.toString();
    }

    /** As {@link #current()}, or a new id outside a request (an error answer always names one). */
    public static String currentOrNew() {
        String id = current();
        return id == null ? RequestIds.generate() : id;
    }

    /** As {@link #current()}, or {@code -} outside a request: for a line that must not invent one. */
    public static String currentForLog() {
        String id = current();
        return id == null ? "-" : id;
    }

    /** Sets {@code id} (nothing when null) until the scope is closed, which removes it. */
    public static Scope open(String id) {
        if (id != null) {
            set(id);
        }
        return RequestIdMdc::clear;
    }

    /** {@code task}, to run on another thread (a pool's) under the id this thread has now. */
    public static <T> Callable<T> carried(Callable<T> task) {
        String id = current();
        return () -> {
            try (Scope scope = open(id)) {
                return task.call();
            }
        };
    }

    static void set(String id) {
        MDC.put(RequestIds.MDC_KEY, id);
    }

    static void clear() {
        MDC.remove(RequestIds.MDC_KEY);
    }

    /** A request id set for one unit of work. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

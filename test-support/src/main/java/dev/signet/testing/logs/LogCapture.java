package dev.signet.testing.logs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The records a Quarkus service under test logs in one category, with the MDC of the thread that logged each
 * (what the console formats as {@code %X{...}}), for tests of what the logs say rather than of a formatter.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(String category) {
        this.logger = Logger.getLogger(category);
    }

    /** Starts capturing {@code category} and below; close to stop. */
    public static LogCapture of(String category) {
        LogCapture capture = new LogCapture(category);
        capture.logger.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        ExtLogRecord ext = ExtLogRecord.wrap(record);
        ext.copyMdc(); // the logging thread's MDC, kept after this call returns
        records.add(ext);
    }

    /** The first record {@code wanted} accepts, waiting up to {@code timeout} for it. */
    public ExtLogRecord await(Predicate<ExtLogRecord> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ExtLogRecord r : records) {
                if (wanted.test(r)) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such log record among " + records.size() + " in " + logger.getName());
            }
            Thread.sleep(50);
        }
    }

    /** The first record whose message contains every one of {@code parts}. */
    public ExtLogRecord awaitMessage(Duration timeout, String... parts) throws InterruptedException {
        return await(r -> {
            String message = r.getFormattedMessage();
            return message != null && List.of(parts).stream().allMatch(message::contains);
        }, timeout);
    }

    public List<ExtLogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

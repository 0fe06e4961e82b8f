package dev.signet.infra.stack;

import dev.signet.infra.process.Ports;
import dev.signet.infra.supervisor.PidFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./signet status}: one line per part of the stack: up or down, its pid, its port, and its health (a
 * service's {@code /q/health/ready}, a listening port for PostgreSQL and Kafka), plus where its log is.
 */
final class StackStatus {

    /** One part's state. {@code pid} is 0 when no live process is recorded. */
    record Part(String name, long pid, int port, String health, Path log) {

        boolean up() {
            return pid != 0;
        }

        String line() {
            return "%-17s %-5s %-8s %-6d %-22s %s".formatted(name, up() ? "up" : "down",
                    up() ? Long.toString(pid) : "-", port, health, log);
        }
    }

    private StackStatus() {
    }

    static List<Part> parts(StackSettings s) throws IOException {
        Path data = s.dataDir();
        List<Part> parts = new ArrayList<>();
        long postgres = postgresPid(data);
        parts.add(new Part("postgres", postgres, s.postgresPort(), health(postgres, s.postgresPort(), false),
                data.resolve("postgres/postgres.log")));
        long kafka = pid(data, LocalStack.KAFKA);
        parts.add(new Part(LocalStack.KAFKA, kafka, s.kafkaPort(), health(kafka, s.kafkaPort(), false),
                data.resolve("kafka/kafka.log")));
        parts.add(service(data, "autograph-signer", s.signerPort()));
        parts.add(service(data, "validator-worker", s.workerPort()));
        parts.add(service(data, "amo-api", s.amoPort()));
        return parts;
    }

    static String text(StackSettings s) throws IOException {
        StringBuilder out = new StringBuilder("%-17s %-5s %-8s %-6s %-22s %s%n".formatted("PART", "STATE", "PID",
                "PORT", "HEALTH", "LOG"));
        for (Part part : parts(s)) {
            out.append(part.line()).append('\n');
        }
        return out.toString();
    }

    private static Part service(Path data, String module, int port) throws IOException {
        long pid = pid(data, module);
        return new Part(module, pid, port, health(pid, port, true), data.resolve("logs/" + module + ".log"));
    }

    /** A part that is down says whether something else holds its port, which would stop the next up. */
    private static String health(long pid, int port, boolean http) {
        if (pid == 0) {
            return Ports.listening(port) ? "port taken by another" : "-";
        }
        return http ? ready(port) : listening(port);
    }

    private static long pid(Path data, String name) throws IOException {
        return PidFile.in(LocalStack.pidDir(data), name).live().map(ProcessHandle::pid).orElse(0L);
    }

    private static long postgresPid(Path data) throws IOException {
        Path pidFile = data.resolve("postgres/pgdata/postmaster.pid");
        if (!Files.exists(pidFile)) {
            return 0;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        return process.map(ProcessHandle::pid).orElse(0L);
    }

    private static String listening(int port) {
        return Ports.listening(port) ? "listening" : "not listening";
    }

    private static String ready(int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? "ready" : "not ready (" + status + ")";
        } catch (IOException e) {
            return "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}

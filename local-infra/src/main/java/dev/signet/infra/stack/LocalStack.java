package dev.signet.infra.stack;

import dev.signet.infra.kafka.KafkaBroker;
import dev.signet.infra.postgres.PostgresServer;
import dev.signet.infra.process.ChildProcess;
import dev.signet.infra.process.Ports;
import dev.signet.infra.supervisor.Backoff;
import dev.signet.infra.supervisor.PidFile;
import dev.signet.infra.supervisor.SupervisedProcess;
import dev.signet.model.jobs.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The whole system on one machine: PostgreSQL, Kafka, autograph-signer, validator-worker and amo-api as child
 * processes, started in dependency order, each waited for until healthy, and stopped in reverse order.
 * Used by {@code ./signet up} and by the end-to-end tests, so the tests exercise exactly what users run.
 * Kafka and the services are supervised ({@link SupervisedProcess}): restarted after a crash, each with a pid
 * file under {@code <data>/pids/} that {@code ./signet down} uses.
 */
public final class LocalStack implements AutoCloseable {

    /** The name under which the Kafka broker is supervised and its pid file is kept. */
    public static final String KAFKA = "kafka";

    private final StackSettings settings;
    /** The services' switch between JSON (their production default) and plain-text console logs. */
    public static final String LOG_JSON = "QUARKUS_LOG_CONSOLE_JSON_ENABLED";

    private final DevCredentials credentials;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Map<String, SupervisedProcess> supervised = new LinkedHashMap<>();
    private final Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    private PostgresServer postgres;

    private LocalStack(StackSettings settings, DevCredentials credentials) {
        this.settings = settings;
        this.credentials = credentials;
    }

    public static LocalStack start(StackSettings settings) throws IOException {
        checkBuilt(settings);
        checkPortsFree(settings);
        Files.createDirectories(settings.dataDir());
        LocalStack stack = new LocalStack(settings, DevCredentials.loadOrCreate(settings.dataDir()));
        try {
            stack.startAll();
        } catch (IOException | RuntimeException | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    public StackSettings settings() {
        return settings;
    }

    public DevCredentials credentials() {
        return credentials;
    }

    /** Where every child's pid file is kept ({@code <data>/pids/<name>.pid}). */
    public static Path pidDir(Path dataDir) {
        return dataDir.resolve("pids");
    }

    /** A supervised child by name: a service module name or {@link #KAFKA}. */
    public SupervisedProcess supervised(String name) {
        SupervisedProcess child = supervised.get(name);
        if (child == null) {
            throw new IllegalArgumentException("no such child: " + name + " (have " + supervised.keySet() + ")");
        }
        return child;
    }

    /** The PostgreSQL server, for tests that inspect the database. */
    public PostgresServer postgres() {
        return postgres;
    }

    private void startAll() throws IOException {
        Path data = settings.dataDir();
        postgres = PostgresServer.start(data.resolve("postgres"), settings.postgresPort(), settings.durable());
        running.push(postgres);
        KafkaBroker kafka = KafkaBroker.prepare(data.resolve("kafka"), settings.kafkaPort(),
                settings.kafkaControllerPort(), Map.of(Topics.UPLOAD_JOBS, 4, Topics.UPLOAD_RESULTS, 4),
                settings.heap(KAFKA));
        supervise(KAFKA, new SupervisedProcess.Launcher() {
            @Override
            public ChildProcess start() throws IOException {
                return kafka.startProcess();
            }

            @Override
            public void awaitReady(ChildProcess child) throws IOException {
                kafka.awaitReady(child);
            }
        }, Duration.ofSeconds(30));
        Path signerYaml = DevSignerConfig.writeIfMissing(data.resolve("signer"), credentials);
        Path idempotency = Files.createDirectories(data.resolve("signer/idempotency"));
        Path signerTemp = Files.createDirectories(data.resolve("signer/tmp"));
        Path blobs = data.resolve("blobs");
        startService("autograph-signer", settings.signerPort(),
                // A 200 MB upload is ~267 MB as base64 JSON: the signer must accept what amo-api accepts.
                List.of("-Dsigner.config-file=" + signerYaml, "-Dsigner.max-body-size=300M"),
                // An environment variable, not -D: a signer that does not know the setting yet must still start
                // (an unknown -Dsigner.* property fails its config validation; an unknown variable is ignored).
                Map.of("SIGNER_IDEMPOTENCY_DIR", idempotency.toString(), "SIGNER_TEMP_DIR", signerTemp.toString()));
        startService("validator-worker", settings.workerPort(), List.of(
                "-Dworker.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "-Dworker.storage.root=" + blobs,
                "-Dworker.signer.url=" + settings.signerUrl(),
                "-Dworker.signer.hawk-id=" + credentials.workerHawkId(),
                "-Dworker.linter.dir=" + linterDir(settings),
                // The worker runs 4 jobs at once (worker.kafka.consumers): two linters keep both cores linting.
                "-Dworker.linter.processes=2"),
                Map.of("WORKER_SIGNER_HAWK_KEY", credentials.workerHawkKey()));
        startService("amo-api", settings.amoPort(), List.of(
                "-Dquarkus.datasource.jdbc.url=" + postgres.jdbcUrl(),
                "-Dquarkus.datasource.username=" + postgres.username(),
                "-Damo.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "-Damo.storage.root=" + blobs,
                "-Damo.bootstrap.api-key=" + credentials.amoApiKey()),
                Map.of("QUARKUS_DATASOURCE_PASSWORD", postgres.password(),
                        "AMO_SECRETS_KEY", credentials.amoSecretsKey(),
                        "AMO_BOOTSTRAP_API_SECRET", credentials.amoApiSecret(),
                        "AMO_ADMIN_TOKEN", credentials.amoAdminToken()));
        writeExampleAddon();
    }

    private void startService(String module, int port, List<String> properties, Map<String, String> env)
            throws IOException {
        List<String> all = new ArrayList<>(properties);
        all.addAll(settings.jvmOptions(module));
        Map<String, String> environment = new HashMap<>(env);
        // glibc keeps up to 8 malloc arenas per core, each holding on to what it once used; two suffice.
        environment.putIfAbsent("MALLOC_ARENA_MAX", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2"));
        // Plain-text logs for a person at a terminal; production's JSON when the caller asks for it.
        environment.putIfAbsent(LOG_JSON, System.getenv().getOrDefault(LOG_JSON, "false"));
        ServiceSpec spec = new ServiceSpec(module, port, all, environment);
        specs.put(module, spec);
        supervise(module, spec, Duration.ofSeconds(20));
    }

    private void supervise(String name, SupervisedProcess.Launcher launcher, Duration grace) throws IOException {
        SupervisedProcess child = SupervisedProcess.start(name, launcher, pidDir(settings.dataDir()),
                Backoff.DEFAULT, System.out::println);
        supervised.put(name, child);
        running.push(() -> child.close(grace));
    }

    /** How to start one service module: its heap, port, {@code -D} properties and secrets in the environment. */
    private final class ServiceSpec implements SupervisedProcess.Launcher {
        private final String module;
        private final int port;
        private final List<String> properties;
        private final Map<String, String> env;

        ServiceSpec(String module, int port, List<String> properties, Map<String, String> env) {
            this.module = module;
            this.port = port;
            this.properties = List.copyOf(properties);
            this.env = Map.copyOf(env);
        }

        ServiceSpec with(List<String> extraProperties) {
            List<String> all = new ArrayList<>(properties);
            all.addAll(extraProperties);
            return new ServiceSpec(module, port, all, env);
        }

        @Override
        public ChildProcess start() throws IOException {
            // A JVM that ran out of heap exits (and the supervisor restarts it) instead of living on with a
            // dead consumer or worker thread.
            List<String> command = new ArrayList<>(List.of(ChildProcess.javaBinary(),
                    "-Xmx" + settings.heap(module), "-XX:+ExitOnOutOfMemoryError",
                    "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"));
            command.addAll(properties);
            command.addAll(List.of("-jar", settings.serviceJar(module).toString()));
            return ChildProcess.start(module, command, env,
                    settings.dataDir().resolve("logs").resolve(module + ".log"));
        }

        @Override
        public void awaitReady(ChildProcess child) throws IOException {
            LocalStack.awaitReady(module, child, port, Duration.ofSeconds(120));
        }
    }

    /** Kills a service at once (SIGKILL) and keeps it down (stopped on purpose): for crash-recovery tests. */
    public void crashService(String module) {
        supervised(module).stop(Duration.ZERO);
    }

    /** Starts a stopped (or crashed) service again with the same settings and waits until it is ready. */
    public void restartService(String module) throws IOException {
        restartService(module, List.of());
    }

    /**
     * Like {@link #restartService(String)}, with {@code -D} properties added for this run only (a later restart
     * drops them again): for tests that need a service in a particular state, e.g. one not relaying its outbox.
     */
    public void restartService(String module, List<String> extraProperties) throws IOException {
        supervised(module).restart(specs.get(module).with(extraProperties));
    }

    /**
     * {@code kill -9} of a child's recorded pid, from outside, as a crash or an OOM killer would: the supervisor
     * restarts it. Returns the pid that was killed; {@link #awaitBack} waits for its successor.
     */
    public long kill9(String name) throws IOException {
        long pid = PidFile.in(pidDir(settings.dataDir()), name).pid();
        try {
            ChildProcess.run("kill -9 " + name, List.of("kill", "-9", Long.toString(pid)),
                    settings.dataDir().resolve("logs/kill.log"), Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new IOException(name + ": kill -9 " + pid + " failed: " + e.getMessage(), e);
        }
        return pid;
    }

    /** Waits until the supervisor has a child other than {@code previousPid} ready; returns when it got ready. */
    public Instant awaitBack(String name, long previousPid, Duration timeout) throws IOException {
        try {
            return supervised(name).awaitBack(previousPid, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(name + ": interrupted while waiting for its restart", e);
        }
    }

    /** Controlled restart of the Kafka broker (SIGTERM, then a new broker on the same data). */
    public void restartKafka() throws IOException {
        SupervisedProcess kafka = supervised(KAFKA);
        kafka.restart(kafka.launcher());
    }

    /** {@code pg_ctl stop -m immediate}: PostgreSQL goes away as in a crash (no checkpoint). */
    public void stopPostgresImmediately() throws IOException {
        postgres.stopImmediately();
    }

    /** Starts PostgreSQL again on the same data after {@link #stopPostgresImmediately()}. */
    public void startPostgres() throws IOException {
        postgres.startAgain();
    }

    private static void awaitReady(String module, ChildProcess process, int port, Duration timeout)
            throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(module + ": exited during start: " + process.describe());
            }
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(module + ": interrupted while starting", e);
            }
            ChildProcess.pause(250);
        }
        throw new IOException(module + ": not ready after " + timeout + " (last: " + last + "): "
                + process.describe());
    }

    /** {@code examples/hello-addon} packed as an XPI into the data dir, for the README's curl example. */
    private void writeExampleAddon() throws IOException {
        Path source = settings.repoDir().resolve("examples/hello-addon");
        if (!Files.isDirectory(source)) {
            return;
        }
        Path xpi = settings.dataDir().resolve("examples/hello.xpi");
        Files.createDirectories(xpi.getParent());
        try (OutputStream out = Files.newOutputStream(xpi); ZipOutputStream zip = new ZipOutputStream(out);
                Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                zip.putNextEntry(new ZipEntry(source.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    private static void checkBuilt(StackSettings settings) throws IOException {
        for (String module : List.of("autograph-signer", "validator-worker", "amo-api")) {
            if (!Files.exists(settings.serviceJar(module))) {
                throw new IOException(module + ": not built (" + settings.serviceJar(module)
                        + " missing): run ./mvnw -DskipTests install");
            }
        }
        if (!Files.exists(linterDir(settings).resolve("node_modules/addons-linter/package.json"))) {
            throw new IOException("validator-worker: addons-linter is not installed in " + linterDir(settings)
                    + ": run validator-worker/src/main/node/install.sh " + linterDir(settings)
                    + " (needs Node.js 20+ and npm; the build runs it)");
        }
    }

    /** Where the validator-worker build installed addons-linter and its warm server. */
    private static Path linterDir(StackSettings settings) {
        return settings.repoDir().resolve("validator-worker/target/linter");
    }

    private static void checkPortsFree(StackSettings s) throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("postgres", s.postgresPort());
        ports.put("kafka", s.kafkaPort());
        ports.put("kafka controller", s.kafkaControllerPort());
        ports.put("autograph-signer", s.signerPort());
        ports.put("validator-worker", s.workerPort());
        ports.put("amo-api", s.amoPort());
        for (var port : ports.entrySet()) {
            if (Ports.listening(port.getValue())) {
                throw new IOException(port.getKey() + ": port " + port.getValue() + " is already in use"
                        + " (is a stack running? ./signet down)");
            }
        }
    }


    /** Stops everything in reverse start order; safe to call twice. */
    @Override
    public void close() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                System.err.println("stop: " + e.getMessage());
            }
        }
    }
}

package dev.signet.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Closed-loop load on {@code POST /sign/data}: N threads, one keep-alive HTTP/1.1 connection each (raw sockets, so
 * the client costs little CPU next to the server on the same machine), every request Hawk-signed with a payload
 * hash and a fresh nonce. Reports requests/s and latency percentiles over the measured window.
 *
 * <pre>
 * java -cp bench/target/classes dev.signet.bench.LoadDriver --host localhost --port 8000 --id bench \
 *     --key KEY --keyid cs-p384 --concurrency 8 --warmup 10 --duration 30 --size 1024
 * </pre>
 */
public final class LoadDriver {

    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        String host = a.getOrDefault("host", "localhost");
        int port = Integer.parseInt(a.getOrDefault("port", "8000"));
        String id = a.getOrDefault("id", "bench");
        byte[] key = a.get("key").getBytes(StandardCharsets.UTF_8);
        String keyid = a.getOrDefault("keyid", "");
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "8"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
        int duration = Integer.parseInt(a.getOrDefault("duration", "30"));
        int size = Integer.parseInt(a.getOrDefault("size", "1024"));
        String path = a.getOrDefault("path", "/sign/data");

        byte[] input = new byte[size];
        ThreadLocalRandom.current().nextBytes(input);
        String body = "[{\"input\":\"" + Base64.getEncoder().encodeToString(input) + "\""
                + (keyid.isEmpty() ? "" : ",\"keyid\":\"" + keyid + "\"") + "}]";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String payloadHash = payloadHash("application/json", bodyBytes);

        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        Worker[] workers = new Worker[concurrency];
        for (int i = 0; i < concurrency; i++) {
            workers[i] = new Worker(i, host, port, id, key, path, bodyBytes, payloadHash, measuring, stop);
            workers[i].start();
        }
        Thread.sleep(warmup * 1000L);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(duration * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        long clientCpu = os.getProcessCpuTime() - cpu0;
        stop.set(true);
        for (Worker w : workers) {
            w.join(10_000);
        }

        long[] all = new long[0];
        long errors = 0;
        String firstError = null;
        for (Worker w : workers) {
            long[] mine = Arrays.copyOf(w.latencies, w.count);
            long[] merged = Arrays.copyOf(all, all.length + mine.length);
            System.arraycopy(mine, 0, merged, all.length, mine.length);
            all = merged;
            errors += w.errors;
            if (firstError == null) {
                firstError = w.firstError;
            }
        }
        Arrays.sort(all);
        double rps = all.length / (elapsed / 1e9);
        System.out.printf("path=%s concurrency=%d input=%dB duration=%ds requests=%d errors=%d%n", path, concurrency,
                size, duration, all.length, errors);
        System.out.printf("requests/s=%.0f p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms%n", rps, pct(all, 50),
                pct(all, 90), pct(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.printf("client CPU=%.1fs of %.0fs (%.0f us per request)%n", clientCpu / 1e9, elapsed / 1e9,
                all.length == 0 ? 0 : clientCpu / 1e3 / all.length);
        if (firstError != null) {
            System.out.println("first error: " + firstError);
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }

    static final class Worker extends Thread {
        private final String host;
        private final int port;
        private final String id;
        private final String path;
        private final byte[] body;
        private final String payloadHash;
        private final AtomicBoolean measuring;
        private final AtomicBoolean stop;
        private final Mac mac;
        private final String noncePrefix;
        long[] latencies = new long[1 << 16];
        int count;
        long errors;
        String firstError;
        private long sequence;

        Worker(int n, String host, int port, String id, byte[] key, String path, byte[] body, String payloadHash,
                AtomicBoolean measuring, AtomicBoolean stop) throws GeneralSecurityException {
            super("load-" + n);
            this.host = host;
            this.port = port;
            this.id = id;
            this.path = path;
            this.body = body;
            this.payloadHash = payloadHash;
            this.measuring = measuring;
            this.stop = stop;
            this.mac = Mac.getInstance("HmacSHA256");
            this.mac.init(new SecretKeySpec(key, "HmacSHA256"));
            this.noncePrefix = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + n;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try (Socket socket = new Socket()) {
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(host, port));
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        out.write(request());
                        out.flush();
                        int status = readResponse(in);
                        long t = System.nanoTime() - t0;
                        if (status != 201) {
                            errors++;
                            if (firstError == null) {
                                firstError = "HTTP " + status;
                            }
                        } else if (measuring.get()) {
                            if (count == latencies.length) {
                                latencies = Arrays.copyOf(latencies, count * 2);
                            }
                            latencies[count++] = t;
                        }
                    }
                } catch (IOException e) {
                    errors++;
                    if (firstError == null) {
                        firstError = e.toString();
                    }
                }
            }
        }

        private byte[] request() {
            long ts = System.currentTimeMillis() / 1000;
            String nonce = noncePrefix + Long.toString(sequence++, 36);
            String normalized = "hawk.1.header\n" + ts + "\n" + nonce + "\nPOST\n" + path + "\n" + host + "\n" + port
                    + "\n" + payloadHash + "\n\n";
            String m = Base64.getEncoder().encodeToString(mac.doFinal(normalized.getBytes(StandardCharsets.UTF_8)));
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nAuthorization: Hawk id=\"" + id + "\", ts=\"" + ts + "\", nonce=\"" + nonce + "\", hash=\""
                    + payloadHash + "\", mac=\"" + m + "\"\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            byte[] req = Arrays.copyOf(h, h.length + body.length);
            System.arraycopy(body, 0, req, h.length, body.length);
            return req;
        }

        // Minimal HTTP/1.1 response reader: status line, headers, Content-Length body (the signer always sends it).
        private static int readResponse(InputStream in) throws IOException {
            String status = line(in);
            if (status == null) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            String l;
            while ((l = line(in)) != null && !l.isEmpty()) {
                String lower = l.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                int n;
                while ((n = Integer.parseInt(line(in).trim(), 16)) > 0) {
                    in.readNBytes(n);
                    line(in);
                }
                line(in);
            } else if (length > 0) {
                in.readNBytes(length);
            }
            return code;
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int len = sb.length();
                    return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            return sb.length() == 0 ? null : sb.toString();
        }
    }

    static String payloadHash(String contentType, byte[] body) throws GeneralSecurityException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(("hawk.1.payload\n" + contentType + "\n").getBytes(StandardCharsets.UTF_8));
        md.update(body);
        md.update((byte) '\n');
        return Base64.getEncoder().encodeToString(md.digest());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        if (!m.containsKey("key")) {
            throw new IllegalArgumentException("--key is required");
        }
        return m;
    }
}

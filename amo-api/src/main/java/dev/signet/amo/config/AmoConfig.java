package dev.signet.amo.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** amo-api settings. Production values come from the environment; a missing secret stops startup naming it. */
@ConfigMapping(prefix = "amo")
public interface AmoConfig {

    Kafka kafka();

    Storage storage();

    Upload upload();

    Http http();

    Secrets secrets();

    Jwt jwt();

    Outbox outbox();

    Throttle throttle();

    Housekeeping housekeeping();

    Admission admission();

    LongPoll longPoll();

    StatusCache statusCache();

    Accounts accounts();

    OAuth oauth();

    Webhooks webhooks();

    /**
     * Digests, MACs and ciphers on AWS-LC (Amazon Corretto Crypto Provider) when its native library loads: hashing
     * each upload is then fast before C2 has compiled anything (dev.signet.crypto.NativeCrypto). {@code false}
     * keeps the JDK's providers.
     */
    @WithDefault("true")
    boolean nativeCrypto();

    /** Absolute base URL used in response links (e.g. https://signing.example.com); default: from the request. */
    Optional<String> publicUrl();

    /** Bearer token for the admin API ({@code /admin/...}); unset = the admin API is disabled (404). */
    Optional<String> adminToken();

    /** Creates this API key at startup when missing: the local stack's dev credentials. */
    Optional<Bootstrap> bootstrap();

    interface Kafka {
        String bootstrapServers();

        @WithDefault("amo-api")
        String groupId();
    }

    interface Storage {
        /** Directory of the blob store shared with validator-worker. */
        String root();
    }

    interface Upload {
        MemorySize maxSize();
    }

    /**
     * Request-line and header limits, answered with a JSON 414/431. The HTTP codec's own limits
     * ({@code quarkus.http.limits.max-initial-line-length}, {@code .max-header-size}) must stay above these:
     * past them the codec answers itself, with an empty body.
     */
    interface Http {
        @WithDefault("8192")
        int maxUriLength();

        @WithDefault("20K")
        MemorySize maxHeaderSize();

        /**
         * The largest body that is not a multipart upload (the v5 API's JSON): such a body is parsed in memory, so
         * it is refused with 413 past this, announced or while it streams.
         */
        @WithDefault("1M")
        MemorySize maxJsonSize();
    }

    interface Secrets {
        /** Base64 of the 32-byte AES key that encrypts API secrets at rest. */
        String key();
    }

    interface Jwt {
        /** Longest accepted exp - iat; AMO allows 300 s, web-ext sometimes produces 301. */
        @WithDefault("305s")
        Duration maxLifetime();

        /** Clock leeway for iat in the future and for exp. */
        @WithDefault("5s")
        Duration leeway();

        @WithDefault("api")
        String realm();

        /**
         * How long an API key and its decrypted secret are kept in memory after a lookup, so a poll costs no
         * database round trip for its key: a revoked or rotated key keeps working on a replica for at most
         * this long. 0 = no cache.
         */
        @WithDefault("5s")
        Duration keyCacheTtl();

        /** At most this many keys are cached per replica (the least recently used are dropped first). */
        @WithDefault("10000")
        int keyCacheSize();
    }

    interface Outbox {
        /**
         * Whether this replica moves outbox rows to Kafka. Off for API-only replicas when others relay (any
         * number may relay side by side); uploads are still accepted and wait in the outbox.
         */
        @WithDefault("true")
        boolean relayEnabled();

        /** How often the relay looks for unpublished messages when nothing woke it. */
        @WithDefault("1s")
        Duration pollInterval();

        @WithDefault("100")
        int batchSize();
    }

    /** Upload throttling (GETs are never throttled). Rates are {@code <count>/<ISO or 1m/1h/1d duration>}. */
    interface Throttle {
        @WithDefault("true")
        boolean enabled();

        /** Per authenticated user: burst, sustained, daily. */
        @WithDefault("10/1m,100/1h,500/1d")
        java.util.List<String> user();

        /** Per client IP, counted for every user behind it. */
        @WithDefault("20/1m,300/1h")
        java.util.List<String> ip();
    }

    /** Deletion of rows nobody needs any more: expired throttle windows and JWT ids, old relayed outbox rows. */
    interface Housekeeping {
        /** How often; every replica runs it, the deletes are idempotent. */
        @WithDefault("5m")
        Duration interval();

        /** How long a relayed outbox message is kept (for diagnosis) before it is deleted. */
        @WithDefault("7d")
        Duration outboxRetention();
    }

    /**
     * Admission control for new uploads (PUT/POST of versions; polls and downloads are never refused): while
     * the signing backlog (uploads accepted but not yet processed, counted in PostgreSQL so every replica sees
     * the same figure) is over a bound, new uploads are answered 429 with a Retry-After, before their body is
     * read. Defaults fit one 2-core machine that signs ~20-25 uploads/s: see docs/configuration.md.
     */
    interface Admission {
        @WithDefault("true")
        boolean enabled();

        /** Refuse new uploads while this many accepted uploads wait for their result, however fast they drain. */
        @WithDefault("100")
        int maxBacklog();

        /**
         * Past this many waiting uploads, refuse new ones while the wait they can expect at the recent drain rate
         * is over {@link #maxExpectedWait()}. Below it uploads are admitted whatever the rate: a stack that was
         * idle (or has just started) has no rate to go by.
         */
        @WithDefault("10")
        int minBacklog();

        /** The longest expected wait (backlog / recent drain rate) at which new uploads are still admitted. */
        @WithDefault("2s")
        Duration maxExpectedWait();

        /** The drain rate is the uploads processed within this window, divided by it. */
        @WithDefault("10s")
        Duration rateWindow();

        /** Refuse new uploads while the oldest waiting upload has waited longer than this (a stalled pipeline). */
        @WithDefault("30s")
        Duration maxOldestWait();

        /**
         * An upload waiting longer than this is counted as lost (its job will not come back), not as backlog,
         * so that one lost job cannot close admission for good.
         */
        @WithDefault("10m")
        Duration abandonedAfter();

        /** How long a replica reuses one reading of the backlog (one query per replica per period). */
        @WithDefault("1s")
        Duration refresh();

        /** Base of the Retry-After given to a refused upload; a random share up to as much again is added. */
        @WithDefault("5s")
        Duration retryAfter();
    }

    /** {@code ?wait=N} on status GETs: how long a request may wait for its document to change. */
    interface LongPoll {
        /**
         * The longest wait granted; a larger {@code wait} is cut to this. It must stay below
         * {@code quarkus.http.idle-timeout} (60 s), which closes a connection with nothing sent for that long.
         */
        @WithDefault("50s")
        Duration maxWait();

        /**
         * At most this many requests wait at once on a replica (each costs an open connection and a few hundred
         * bytes); past it a request with {@code wait} is answered at once, like a plain poll.
         */
        @WithDefault("10000")
        int maxWaiters();
    }

    interface StatusCache {
        /**
         * Keep status documents in memory between polls; every change is announced on the long-poll's NOTIFY
         * channel and drops the entry on every replica, and nothing is served from memory while this replica's
         * listener is disconnected.
         */
        @WithDefault("true")
        boolean enabled();

        /** An entry is looked up again after this long even without an announcement: a bound, not the mechanism. */
        @WithDefault("10s")
        Duration ttl();

        /** Memory for entries, counted as the length of their validation results (plus 1 KB each). */
        @WithDefault("32M")
        MemorySize maxSize();
    }

    interface Bootstrap {
        String apiKey();

        String apiSecret();

        /** Display name of the bootstrap user (default: developer). */
        Optional<String> userName();
    }

    /** Logins: sign-up, session tokens, password hashing and login throttling. */
    interface Accounts {
        /** Whether anyone may sign up (the API and the web UI); off = accounts come from the admin API only. */
        @WithDefault("true")
        boolean signupEnabled();

        /** How long a session token (API {@code _user} or web cookie) lives after login. */
        @WithDefault("14d")
        Duration sessionLifetime();

        /**
         * Failed logins allowed per account before it is refused for the window; counted by address, so guessing
         * at one account from many IPs is stopped too. {@code <count>/<period>}, as amo.throttle.
         */
        @WithDefault("5/1m,20/1h")
        java.util.List<String> loginFailuresPerAccount();

        /** Failed logins allowed per client IP, whatever the account. */
        @WithDefault("20/1m,100/1h")
        java.util.List<String> loginFailuresPerIp();

        /** Argon2id cost (OWASP's minimum is 19 MiB, 2 passes, 1 lane); raising it applies at each next login. */
        @WithDefault("19456")
        int argon2MemoryKib();

        @WithDefault("2")
        int argon2Iterations();

        /** Secure flag on the session cookie: {@code auto} = when the request came over TLS (or X-Forwarded-Proto). */
        @WithDefault("auto")
        String secureCookie();
    }

    /** OAuth 1.0a (two-legged, HMAC-SHA1) for command-line tools. */
    interface OAuth {
        /** How far oauth_timestamp may be from the server's clock; nonces are remembered for twice this. */
        @WithDefault("300s")
        Duration maxClockSkew();
    }

    /** Webhook notifications (dev.signet.amo.webhook, docs/webhooks.md). */
    interface Webhooks {
        /**
         * Whether this replica delivers queued events (any number may, side by side). Events are recorded whatever
         * this says: off = they wait in the queue for a replica that delivers.
         */
        @WithDefault("true")
        boolean enabled();

        /** How often the queue is polled for due deliveries; the scheduler runs nothing more often than 1s. */
        @WithDefault("1s")
        String pollInterval();

        /**
         * The wait after each failed attempt; after the last one the delivery is given up. The default spans
         * about 28 h (8 attempts), so a receiver that is down for a day still gets every event.
         */
        @WithDefault("5s,5m,30m,2h,5h,10h,10h")
        java.util.List<Duration> retryDelays();

        @WithDefault("10s")
        Duration connectTimeout();

        /** From the request sent to the response's status line. */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * A claimed delivery is due again after this long if its replica never reports an outcome (it died). Keep
         * it well above resolve + connect + request timeouts, or a slow attempt may be repeated by another replica.
         */
        @WithDefault("2m")
        Duration lease();

        /** Deliveries claimed and sent in parallel per poll. */
        @WithDefault("16")
        int batchSize();

        /**
         * Let webhooks target loopback, private, link-local and other internal addresses. Only for tests and local
         * setups: on a server it lets any developer make Signet call its internal services.
         */
        @WithDefault("false")
        boolean allowPrivateTargets();

        @WithDefault("10")
        int maxPerAccount();

        /**
         * Base of the status_url in events when amo.public-url is unset (an event has no request to take it
         * from); default {@code http://localhost:<quarkus.http.port>}.
         */
        Optional<String> statusBaseUrl();
    }
}

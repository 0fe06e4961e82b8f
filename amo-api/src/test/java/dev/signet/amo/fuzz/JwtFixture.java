package dev.signet.amo.fuzz;

import dev.signet.amo.auth.ApiKeyService;
import dev.signet.amo.auth.JwtAuthenticator;
import dev.signet.amo.config.AmoConfig;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The real {@link JwtAuthenticator} without Quarkus or a database: one API key held in memory in place of the
 * encrypted {@code api_key} table, and the {@code jwt_replay} insert answered from an in-memory set with the same
 * "inserted or already there" result. Everything the authenticator decides is its own code and jose4j's.
 */
final class JwtFixture {

    static final String ISSUER = "user:42:7";
    /** TEST-ONLY secret; it grants nothing anywhere. */
    static final String SECRET = "test-only-fuzz-secret-0123456789abcdef0123456789abcdef";
    static final long USER_ID = 42;
    static final Duration MAX_LIFETIME = Duration.ofSeconds(305);
    static final Duration LEEWAY = Duration.ofSeconds(5);

    private JwtFixture() {
    }

    static JwtAuthenticator authenticator() {
        AmoConfig config = config();
        ApiKeyService keys = new ApiKeyService(null, config) {
            @Override
            public Optional<ActiveKey> findActive(String jwtIssuer) {
                return ISSUER.equals(jwtIssuer) ? Optional.of(new ActiveKey(USER_ID, SECRET)) : Optional.empty();
            }
        };
        return new JwtAuthenticator(keys, config, replayTable());
    }

    /** The one statement the authenticator runs: INSERT ... ON CONFLICT DO NOTHING into jwt_replay. */
    private static EntityManager replayTable() {
        Set<List<Object>> rows = new HashSet<>();
        return proxy(EntityManager.class, (method, args) -> {
            if (!method.equals("createNativeQuery") || !((String) args[0]).startsWith("INSERT INTO jwt_replay")) {
                throw new UnsupportedOperationException("JwtFixture: unexpected EntityManager." + method);
            }
            Object[] row = new Object[2];
            Query[] query = new Query[1];
            query[0] = proxy(Query.class, (m, a) -> {
                switch (m) {
                    case "setParameter" -> {
                        int position = (Integer) a[0];
                        if (position <= 2) {
                            row[position - 1] = a[1];
                        }
                        return query[0];
                    }
                    case "executeUpdate" -> {
                        return rows.add(List.of(row[0], row[1])) ? 1 : 0;
                    }
                    default -> throw new UnsupportedOperationException("JwtFixture: unexpected Query." + m);
                }
            });
            return query[0];
        });
    }

    private interface Handler {
        Object handle(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Handler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> handler.handle(method.getName(), args));
    }

    private static AmoConfig config() {
        AmoConfig.Jwt jwt = new AmoConfig.Jwt() {
            @Override
            public Duration maxLifetime() {
                return MAX_LIFETIME;
            }

            @Override
            public Duration leeway() {
                return LEEWAY;
            }

            @Override
            public String realm() {
                return "api";
            }

            @Override
            public Duration keyCacheTtl() {
                return Duration.ZERO; // findActive is replaced: the cache is never used
            }

            @Override
            public int keyCacheSize() {
                return 0;
            }
        };
        return proxy(AmoConfig.class, (method, args) -> {
            if (method.equals("jwt")) {
                return jwt;
            }
            throw new UnsupportedOperationException("JwtFixture: the authenticator read amo." + method);
        });
    }
}

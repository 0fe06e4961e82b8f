package dev.signet.amo.account;

import dev.signet.amo.config.AmoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (Bouncy Castle's implementation) in the PHC string format that argon2's reference tools and
 * libraries read: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. The cost is read back from each stored
 * hash, so raising it in config applies to new hashes without invalidating old ones.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})"
                    + "\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{22,})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int memoryKib;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    /**
     * Each hash holds its memory cost (19 MiB by default) for its duration: a burst of logins waits here rather
     * than growing the heap past its bound.
     */
    private final Semaphore concurrent = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);

    @Inject
    public PasswordHasher(AmoConfig config) {
        this(config.accounts().argon2MemoryKib(), config.accounts().argon2Iterations());
    }

    PasswordHasher(int memoryKib, int iterations) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        if (memoryKib < 8 || iterations < 1) {
            throw new IllegalStateException("amo.accounts.argon2-*: memory must be >= 8 KiB and iterations >= 1");
        }
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, iterations, 1, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /** Whether the password matches; false for a hash this class cannot read (never an exception). */
    public boolean matches(String password, String stored) {
        Matcher m = stored == null ? null : PHC.matcher(stored);
        if (m == null || !m.matches()) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(m.group(5));
        byte[] actual = derive(password, Base64.getDecoder().decode(m.group(4)), Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Whether a stored hash was made with a lower cost than the configured one. */
    public boolean needsRehash(String stored) {
        Matcher m = PHC.matcher(stored);
        return !m.matches() || Integer.parseInt(m.group(1)) < memoryKib || Integer.parseInt(m.group(2)) < iterations;
    }

    /** Spends one hash's time on nothing: a login for an unknown address takes as long as a wrong password. */
    public void burn(String password) {
        derive(password, new byte[SALT_BYTES], memoryKib, iterations, 1, HASH_BYTES);
    }

    private byte[] derive(String password, byte[] salt, int memory, int iterations, int lanes, int length) {
        concurrent.acquireUninterruptibly();
        try {
            return argon2(password, salt, memory, iterations, lanes, length);
        } finally {
            concurrent.release();
        }
    }

    private static byte[] argon2(String password, byte[] salt, int memory, int iterations, int lanes, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memory).withIterations(iterations)
                .withParallelism(lanes).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}

package dev.signet.amo.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our Argon2id PHC strings against argon2-cffi (the argon2 reference C code, Debian's python3-argon2): each side
 * verifies the other's hashes, so the format and the parameters are the standard ones, not ours alone.
 */
class PasswordHasherTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String PASSWORD = "pässword with ünicode and spaces";

    private final PasswordHasher hasher = new PasswordHasher(19456, 2);

    @BeforeAll
    static void argon2Cffi() throws Exception {
        boolean present = Files.isExecutable(PYTHON) && run("import argon2").exit == 0;
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("python3-argon2 is missing: apt-get install python3-argon2 (.ci/run does)");
        }
        Assumptions.assumeTrue(present, "python3-argon2 not installed");
    }

    @Test
    void argon2CffiVerifiesOurHashes() throws Exception {
        String hash = hasher.hash(PASSWORD);
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        Result ok = run("import argon2,sys; print(argon2.PasswordHasher().verify(sys.argv[1], sys.argv[2]))", hash,
                PASSWORD);
        assertEquals("True", ok.out.strip(), ok.err);
        Result wrong = run("import argon2,sys\ntry:\n argon2.PasswordHasher().verify(sys.argv[1], sys.argv[2])\n"
                + " print('accepted')\nexcept argon2.exceptions.VerifyMismatchError:\n print('mismatch')", hash,
                PASSWORD + "x");
        assertEquals("mismatch", wrong.out.strip(), wrong.err);
    }

    @Test
    void weVerifyArgon2CffisHashesWithItsOwnCost() throws Exception {
        // argon2-cffi's defaults differ from ours (more memory, passes and 4 lanes): the cost is read from the hash.
        Result made = run("import argon2,sys; print(argon2.PasswordHasher().hash(sys.argv[1]))", PASSWORD);
        String theirs = made.out.strip();
        assertTrue(theirs.startsWith("$argon2id$v=19$"), theirs + made.err);
        assertTrue(hasher.matches(PASSWORD, theirs));
        assertFalse(hasher.matches(PASSWORD + " ", theirs));
        assertTrue(hasher.needsRehash("$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    }

    @Test
    void saltsDifferAndGarbageNeverMatches() {
        assertNotEquals(hasher.hash(PASSWORD), hasher.hash(PASSWORD));
        for (String garbage : List.of("", "plain", "$argon2i$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "$argon2id$v=19$m=99999999,t=2,p=1$x$y")) {
            assertFalse(hasher.matches(PASSWORD, garbage), garbage);
        }
        assertFalse(hasher.matches(PASSWORD, null));
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python did not finish");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}

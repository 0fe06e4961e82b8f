package dev.signet.autograph.signer;

import java.util.regex.Pattern;

/** Autograph's rules for the names of files sent to {@code /sign/files} (Debian version characters only). */
public final class FileNames {

    public static final int MIN_FILES = 1;
    public static final int MAX_FILES = 32;
    private static final Pattern ALLOWED = Pattern.compile("^[-_.+~a-zA-Z0-9]{1,256}$");

    private FileNames() {
    }

    /** Returns null when {@code name} is acceptable, else the reason (Autograph's wording). */
    public static String problem(String name) {
        if (name == null || name.isEmpty() || !isAlphanumeric(name.charAt(0))) {
            return "unsigned filename must start with an alphanumeric character";
        }
        if (!isAlphanumeric(name.charAt(name.length() - 1))) {
            return "unsigned filename must end with an alphanumeric character";
        }
        if (!ALLOWED.matcher(name).matches()) {
            return "unsigned filename must match " + ALLOWED.pattern();
        }
        if (name.contains("..")) {
            return "unsigned filename must not include ..";
        }
        return null;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}

package dev.signet.amo.account;

import dev.signet.amo.error.AmoException;

/** What an address, a password and a display name must be; each refusal names its field, DRF-style. */
final class AccountRules {

    static final int MIN_PASSWORD = 10;
    /** Argon2 takes any length, but hashing megabytes per attempt would be a cheap denial of service. */
    static final int MAX_PASSWORD = 1024;

    private AccountRules() {
    }

    static String email(String email) {
        String e = email == null ? "" : email.strip();
        int at = e.indexOf('@');
        if (e.isEmpty()) {
            throw AmoException.field(400, "email", "This field is required.");
        }
        if (e.length() > 254 || at < 1 || at != e.lastIndexOf('@') || at == e.length() - 1
                || e.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw AmoException.field(400, "email", "Enter a valid email address.");
        }
        return e;
    }

    static String password(String password) {
        if (password == null || password.isEmpty()) {
            throw AmoException.field(400, "password", "This field is required.");
        }
        if (password.length() < MIN_PASSWORD) {
            throw AmoException.field(400, "password", "This password is too short. It must contain at least "
                    + MIN_PASSWORD + " characters.");
        }
        if (password.length() > MAX_PASSWORD) {
            throw AmoException.field(400, "password", "Ensure this field has no more than " + MAX_PASSWORD
                    + " characters.");
        }
        return password;
    }

    static String displayName(String name, String email) {
        String n = name == null || name.isBlank() ? email.substring(0, email.indexOf('@')) : name.strip();
        if (n.length() > 100 || n.chars().anyMatch(Character::isISOControl)) {
            throw AmoException.field(400, "display_name", "Ensure this field has no more than 100 characters and"
                    + " no control characters.");
        }
        return n;
    }
}

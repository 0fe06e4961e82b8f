package dev.signet.amo.service;

import dev.signet.amo.error.AmoException;
import java.util.regex.Pattern;

/** AMO's server-side rules for add-on ids and version strings (addons-server constants and files/utils). */
public final class AddonRules {

    private static final Pattern GUID = Pattern.compile(
            "^(\\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\}|[a-z0-9-._]*@[a-z0-9-._]+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern VERSION = Pattern.compile("^[-+*.\\w]{0,32}$", Pattern.UNICODE_CHARACTER_CLASS);
    static final int MAX_URL_GUID_LENGTH = 64;

    private AddonRules() {
    }

    public static void checkUrlGuid(String guid) {
        if (guid.length() > MAX_URL_GUID_LENGTH) {
            throw AmoException.badRequest(
                    "Please specify your Add-on ID in the manifest if it's longer than 64 characters.");
        }
        if (!GUID.matcher(guid).matches()) {
            throw AmoException.badRequest("Invalid Add-on ID in URL or package");
        }
    }

    /** AMO's add-on id pattern (the linter allows up to 80 characters in a manifest). */
    public static boolean isValidGuid(String guid) {
        return guid.length() <= 80 && GUID.matcher(guid).matches();
    }

    public static boolean isValidVersion(String version) {
        return !version.isEmpty() && version.length() <= 32 && VERSION.matcher(version).matches();
    }

    public static void checkVersion(String version) {
        if (version.isEmpty()) {
            throw AmoException.badRequest("Version is required.");
        }
        if (version.length() > 32) {
            throw AmoException.badRequest("Version numbers should have fewer than 32 characters.");
        }
        if (!VERSION.matcher(version).matches()) {
            throw AmoException.badRequest(
                    "Version numbers should only contain letters, numbers, and these punctuation characters: +*.-_.");
        }
    }
}

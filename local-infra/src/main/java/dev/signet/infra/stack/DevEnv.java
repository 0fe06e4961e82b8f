package dev.signet.infra.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ./signet env}: the dev credentials as shell {@code export} lines, for {@code eval "$(./signet env)"}. The
 * values are single-quoted for the shell, so an API key such as {@code user:1:42} needs no unescaping (the
 * properties file escapes its colons). Both our names and the ones web-ext reads are set.
 */
public final class DevEnv {

    private DevEnv() {
    }

    static Map<String, String> variables(StackSettings settings, DevCredentials c) {
        Map<String, String> vars = new LinkedHashMap<>();
        String api = settings.amoUrl() + "/api/v4";
        vars.put("SIGNET_AMO_URL", api);
        vars.put("SIGNET_API_KEY", c.amoApiKey());
        vars.put("SIGNET_API_SECRET", c.amoApiSecret());
        vars.put("SIGNET_ADMIN_TOKEN", c.amoAdminToken());
        vars.put("SIGNET_ROOT_CERT", Banner.rootCertificate(settings.dataDir()).toString());
        vars.put("WEB_EXT_API_KEY", c.amoApiKey());
        vars.put("WEB_EXT_API_SECRET", c.amoApiSecret());
        // web-ext 8+ speaks the v5 submission API only; its base URL ends with a slash, as AMO's default does.
        vars.put("WEB_EXT_AMO_BASE_URL", settings.amoUrl() + "/api/v5/");
        return vars;
    }

    static String exports(Map<String, String> variables) {
        return variables.entrySet().stream().map(e -> "export " + e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** POSIX single quotes: nothing inside is special except the quote itself, written as {@code '\''}. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** {@code DevEnv <data dir> <repo dir>}; ports from the running stack's record, else the environment. */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]).toAbsolutePath();
        StackSettings settings = StackPorts.settings(data, Path.of(args.length > 1 ? args[1] : "."));
        DevCredentials c = DevCredentials.load(data.resolve(DevCredentials.FILE));
        System.out.print(exports(variables(settings, c)));
    }
}

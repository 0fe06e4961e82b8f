package dev.signet.autograph.signer.mar;

import dev.signet.autograph.signer.OptionKeys;
import java.util.Map;

/** Typed request options of {@code mar}: {@code sigalg} (1–4) or null for the key's default. */
public record MarOptions(SigAlg sigalg) {

    static final MarOptions DEFAULT = new MarOptions(null);

    public static MarOptions parse(Map<String, Object> options) {
        Object v = OptionKeys.get(options, "sigalg");
        if (v == null) {
            return DEFAULT;
        }
        int id;
        if (v instanceof Number n && n.doubleValue() == n.intValue()) {
            id = n.intValue();
        } else if (v instanceof String s && s.matches("[0-9]{1,2}")) {
            id = Integer.parseInt(s);
        } else {
            throw new IllegalArgumentException("options.sigalg must be an integer, got " + v);
        }
        return new MarOptions(SigAlg.byId(id));
    }
}

package dev.signet.amo.v5;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.amo.Addon;
import jakarta.persistence.EntityManager;
import java.text.Normalizer;
import java.util.Iterator;
import java.util.Locale;

/** An add-on's URL slug, made once from its name: lower-case ASCII words joined by dashes, unique. */
final class Slugs {

    private static final int MAX = 30;

    private Slugs() {
    }

    /**
     * Two add-ons of one name made at once would both see the slug free: a transaction-scoped advisory lock on the
     * slug makes the second wait for the first's commit, so it sees the slug taken and adds the add-on's id.
     */
    static String unique(EntityManager em, Addon addon) {
        String base = of(addon.name, addon.id);
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "slug:" + base)
                .getSingleResult();
        long taken = Addon.count("slug = ?1 and id <> ?2", base, addon.id);
        return taken == 0 ? base : base + "-" + addon.id;
    }

    static String of(String nameJson, long id) {
        JsonNode name = SubmissionMapper.tree(nameJson);
        String text = name == null ? "" : name.path("en-US").asText("");
        if (text.isEmpty() && name != null) {
            Iterator<JsonNode> any = name.elements();
            text = any.hasNext() ? any.next().asText("") : "";
        }
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (ascii.length() > MAX) {
            ascii = ascii.substring(0, MAX).replaceAll("-+$", "");
        }
        // A slug of digits only would be read as an id.
        return ascii.isEmpty() || ascii.matches("\\d+") ? "addon-" + id : ascii;
    }
}

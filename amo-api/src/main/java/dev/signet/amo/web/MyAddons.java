package dev.signet.amo.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.Addon;
import dev.signet.amo.AddonVersion;
import dev.signet.amo.ReviewState;
import dev.signet.amo.Upload;
import dev.signet.amo.mapping.StatusMapper;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "My add-ons": every add-on of the account with its versions and the uploads still on their way to being one
 * (a v4 upload is a version only once it is processed; a v5 upload until it is submitted), newest first.
 */
@ApplicationScoped
public class MyAddons {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECENT = 50;

    private final EntityManager em;

    public MyAddons(EntityManager em) {
        this.em = em;
    }

    @TemplateData
    public record Row(String version, String channel, String state, String stateClass, Instant created,
            String downloadUrl, String fileName, String sha256) {
    }

    @TemplateData
    public record AddonRows(String guid, String name, List<Row> rows) {
    }

    @TemplateData
    public record View(List<AddonRows> addons, List<Row> unsubmitted) {
    }

    @Transactional
    public View of(long userId) {
        Map<Long, AddonRows> byAddon = new LinkedHashMap<>();
        for (Addon addon : em.createQuery("from Addon a where a.owner.id = ?1 order by a.createdAt desc", Addon.class)
                .setParameter(1, userId).getResultList()) {
            byAddon.put(addon.id, new AddonRows(addon.guid, name(addon.name), new ArrayList<>()));
        }
        for (AddonVersion v : em.createQuery("from AddonVersion v join fetch v.upload where v.addon.owner.id = ?1"
                + " and v.deletedAt is null order by v.createdAt desc", AddonVersion.class)
                .setParameter(1, userId).setMaxResults(RECENT * 4).getResultList()) {
            Upload u = v.upload;
            String url = u.signedFileKey == null ? null : "/api/v5/file/" + v.id + "/" + StatusMapper.fileName(u);
            byAddon.get(v.addon.id).rows().add(row(u, v, url));
        }
        for (Upload u : em.createQuery("from Upload u where u.addon.owner.id = ?1 and not exists"
                + " (select 1 from AddonVersion v where v.upload = u) order by u.createdAt desc", Upload.class)
                .setParameter(1, userId).setMaxResults(RECENT).getResultList()) {
            byAddon.get(u.addon.id).rows().add(0, row(u, null, null));
        }
        List<Row> unsubmitted = em.createQuery("from Upload u where u.user.id = ?1 and u.addon is null"
                + " order by u.createdAt desc", Upload.class).setParameter(1, userId).setMaxResults(RECENT)
                .getResultList().stream().map(u -> row(u, null, null)).toList();
        return new View(List.copyOf(byAddon.values()), unsubmitted);
    }

    private static Row row(Upload u, AddonVersion v, String downloadUrl) {
        String state;
        String css;
        String review = v == null ? null : v.reviewStatus;
        if (ReviewState.REJECTED.equals(review)) {
            state = "Rejected by a reviewer: " + (v.reviewComment == null ? "" : v.reviewComment);
            css = "failed";
        } else if (ReviewState.APPROVED.equals(review) && u.signedFileKey == null) {
            state = "Approved, being signed";
            css = "pending";
        } else if (!u.processed()) {
            state = "Validating";
            css = "pending";
        } else if (!Boolean.TRUE.equals(u.valid)) {
            state = "Failed validation";
            css = "failed";
        } else if (u.signedFileKey != null) {
            state = "Signed";
            css = "signed";
        } else if ("listed".equals(u.channel)) {
            state = "Valid, awaiting review";
            css = "pending";
        } else {
            state = "Valid, not signed";
            css = "failed";
        }
        return new Row(u.version, u.channel, state, css, u.createdAt, downloadUrl,
                downloadUrl == null ? null : StatusMapper.fileName(u), u.signedFileKey == null ? null : u.signedSha256);
    }

    /** A localised name ({@code {"en-US": "..."}}) shown in its first language; v3/v4 add-ons have none. */
    private static String name(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node.isObject() && node.size() > 0 ? node.elements().next().asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}

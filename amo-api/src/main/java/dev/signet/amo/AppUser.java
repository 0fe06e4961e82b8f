package dev.signet.amo;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An account: owns add-ons, API keys and OAuth consumers. The roles are the Marketplace API's permission names;
 * accounts made before logins existed have no email and no password.
 */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Shown to others and in the UI; the Marketplace's {@code display_name}. */
    @Column(nullable = false)
    public String name;

    public String email;

    /** A PHC string ({@code $argon2id$...}); null = this account cannot log in with a password. */
    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "role_developer", nullable = false)
    public boolean developer = true;

    @Column(name = "role_reviewer", nullable = false)
    public boolean reviewer;

    @Column(name = "role_admin", nullable = false)
    public boolean admin;

    @Column(name = "flag_lookup", nullable = false)
    public boolean lookup;

    @Column(name = "flag_localizer", nullable = false)
    public boolean localizer;

    @Column(name = "enable_recommendations", nullable = false)
    public boolean enableRecommendations = true;

    public String region;

    @Column(name = "last_login_at")
    public Instant lastLoginAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();
}

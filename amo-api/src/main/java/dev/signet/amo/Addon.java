package dev.signet.amo;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** An add-on, identified by its GUID, owned by one developer. */
@Entity
@Table(name = "addon")
public class Addon extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String guid;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "owner_id")
    public AppUser owner;

    /** Null for add-ons made through the v3/v4 API, which has no listing metadata. */
    public String slug;

    /** Localized listing metadata as JSON objects ({"en-US": "..."}); categories as {"firefox": [...]}. */
    public String name;

    public String summary;

    public String categories;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();
}

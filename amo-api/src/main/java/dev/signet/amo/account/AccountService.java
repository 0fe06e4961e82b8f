package dev.signet.amo.account;

import dev.signet.amo.AppUser;
import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/** Sign-up, login and roles. Passwords go only to the hasher; tokens only to the caller. */
@ApplicationScoped
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);

    /** The Marketplace's permission names: the first three are roles, the last two flags. */
    public static final Set<String> ROLES = Set.of("developer", "reviewer", "admin", "lookup", "localizer");

    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final LoginThrottle throttle;
    private final AmoConfig config;

    public AccountService(PasswordHasher hasher, SessionService sessions, LoginThrottle throttle, AmoConfig config) {
        this.hasher = hasher;
        this.sessions = sessions;
        this.throttle = throttle;
        this.config = config;
    }

    /** A logged-in session: the token, shown once, and its account. */
    public record Login(String token, AccountView account) {
    }

    /** Self-service sign-up: a developer account. */
    @Transactional
    public AccountView signUp(String email, String password, String displayName) {
        if (!config.accounts().signupEnabled()) {
            throw AmoException.detail(403, "Sign-up is disabled on this server; ask its operator for an account.");
        }
        return create(email, password, displayName, Set.of("developer"));
    }

    /** An account made by an operator, with the given roles; a null password = API keys only. */
    @Transactional
    public AccountView create(String email, String password, String displayName, Collection<String> roles) {
        String address = AccountRules.email(email);
        String hash = password == null ? null : hasher.hash(AccountRules.password(password));
        String name = AccountRules.displayName(displayName, address);
        if (AppUser.count("lower(email) = ?1", address.toLowerCase(Locale.ROOT)) > 0) {
            throw AmoException.field(400, "email", "An account with this email address already exists.");
        }
        AppUser user = new AppUser();
        user.email = address;
        user.passwordHash = hash;
        user.name = name;
        grant(user, roles);
        try {
            user.persistAndFlush();
        } catch (PersistenceException e) {
            // Two sign-ups of one address at once: both passed the check above, the unique index stops one.
            throw AmoException.field(400, "email", "An account with this email address already exists.");
        }
        LOG.infof("account %d created (roles %s)", user.id, roles);
        return view(user);
    }

    /** Sets an account's roles to exactly these. */
    @Transactional
    public Optional<AccountView> setRoles(long userId, Collection<String> roles) {
        AppUser user = AppUser.findById(userId);
        if (user == null) {
            return Optional.empty();
        }
        grant(user, roles);
        LOG.infof("account %d: roles set to %s", userId, roles);
        return Optional.of(view(user));
    }

    /**
     * Checks the password and opens a session. An unknown address costs a hash too and answers like a wrong
     * password, so neither the answer nor its timing tells which addresses have accounts.
     */
    @Transactional
    public Login logIn(String email, String password, String ip) {
        if (email == null || email.isBlank() || password == null || password.isEmpty()) {
            throw AmoException.error(400, "Email and password are required.");
        }
        if (password.length() > AccountRules.MAX_PASSWORD || email.length() > 254) {
            throw AmoException.error(401, "Wrong email or password.");
        }
        Instant now = Instant.now();
        throttle.retryAfter(email, ip, now).ifPresent(wait -> {
            throw AmoException.loginThrottled(wait);
        });
        AppUser user = AppUser.<AppUser>find("lower(email) = ?1", email.strip().toLowerCase(Locale.ROOT))
                .firstResultOptional().orElse(null);
        boolean ok;
        if (user == null || user.passwordHash == null) {
            hasher.burn(password);
            ok = false;
        } else {
            ok = hasher.matches(password, user.passwordHash);
        }
        if (!ok) {
            throttle.failed(email, ip, now);
            LOG.infof("login refused from %s", ip);
            throw AmoException.error(401, "Wrong email or password.");
        }
        if (hasher.needsRehash(user.passwordHash)) {
            user.passwordHash = hasher.hash(password);
        }
        user.lastLoginAt = now;
        String token = sessions.open(user.id, now);
        LOG.infof("account %d logged in from %s", user.id, ip);
        return new Login(token, view(user));
    }

    public Optional<AccountView> find(long userId) {
        return AppUser.<AppUser>findByIdOptional(userId).map(AccountService::view);
    }

    static AccountView view(AppUser u) {
        return new AccountView(u.id, new AccountView.Settings(u.name, u.email, u.enableRecommendations, u.region),
                new AccountView.Permissions(u.reviewer, u.admin, u.localizer, u.lookup, u.developer));
    }

    private static void grant(AppUser user, Collection<String> roles) {
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw AmoException.field(400, "roles", "Unknown role \"" + role + "\"; known: developer, reviewer,"
                        + " admin, lookup, localizer.");
            }
        }
        user.developer = roles.contains("developer");
        user.reviewer = roles.contains("reviewer");
        user.admin = roles.contains("admin");
        user.lookup = roles.contains("lookup");
        user.localizer = roles.contains("localizer");
    }
}

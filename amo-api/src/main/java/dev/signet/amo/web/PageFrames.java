package dev.signet.amo.web;

import dev.signet.amo.account.AccountService;
import dev.signet.amo.account.AccountView;
import dev.signet.amo.account.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The frame of a logged-in user's page: their name, their form token, whether they review. */
@ApplicationScoped
public class PageFrames {

    private final AccountService accounts;
    private final Csrf csrf;

    public PageFrames(AccountService accounts, Csrf csrf) {
        this.accounts = accounts;
        this.csrf = csrf;
    }

    Page of(String title, SessionService.Session s) {
        Optional<AccountView> account = accounts.find(s.userId());
        return new Page(title, account.map(a -> a.settings().displayName()).orElse(""), csrf.forSession(s), null,
                null, account.map(a -> a.permissions().reviewer()).orElse(false));
    }
}

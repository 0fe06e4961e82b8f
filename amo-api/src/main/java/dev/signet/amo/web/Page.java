package dev.signet.amo.web;

import io.quarkus.qute.TemplateData;

/**
 * What every page's frame shows: its title, who is logged in (null = nobody), the form token, and a message in words
 * (an error or a notice) when there is one, and whether the account may review (the nav links the queue then).
 */
@TemplateData
public record Page(String title, String displayName, String csrf, String error, String notice, boolean reviewer) {

    Page withError(String message) {
        return new Page(title, displayName, csrf, message, notice, reviewer);
    }

    Page withNotice(String message) {
        return new Page(title, displayName, csrf, error, message, reviewer);
    }
}

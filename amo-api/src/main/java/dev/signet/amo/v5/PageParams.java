package dev.signet.amo.v5;

import dev.signet.amo.error.AmoException;

/** The {@code page} and {@code page_size} query parameters, as DRF reads them. */
final class PageParams {

    private PageParams() {
    }

    static int page(String param) {
        if (param == null || param.isBlank()) {
            return 1;
        }
        try {
            int page = Integer.parseInt(param.trim());
            if (page >= 1) {
                return page;
            }
        } catch (NumberFormatException e) {
            // an invalid page, as DRF answers it
        }
        throw AmoException.detail(404, "Invalid page.");
    }

    static int size(String param) {
        if (param == null || param.isBlank()) {
            return Pages.DEFAULT_SIZE;
        }
        try {
            return Math.max(1, Math.min(Pages.MAX_SIZE, Integer.parseInt(param.trim())));
        } catch (NumberFormatException e) {
            return Pages.DEFAULT_SIZE;
        }
    }
}

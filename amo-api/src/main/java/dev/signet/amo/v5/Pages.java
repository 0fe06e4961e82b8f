package dev.signet.amo.v5;

import java.util.List;

/** DRF's page-number pagination: {@code ?page=N&page_size=M}, links to the neighbouring pages. */
final class Pages {

    static final int DEFAULT_SIZE = 25;
    static final int MAX_SIZE = 50;

    private Pages() {
    }

    static <T> Page<T> of(long count, int page, int pageSize, String listUrl, List<T> results) {
        if (page > 1 && results.isEmpty()) {
            throw dev.signet.amo.error.AmoException.detail(404, "Invalid page.");
        }
        String next = (long) page * pageSize < count ? link(listUrl, page + 1, pageSize) : null;
        String previous = page > 1 ? link(listUrl, page - 1, pageSize) : null;
        return new Page<>(count, next, previous, results);
    }

    private static String link(String listUrl, int page, int pageSize) {
        return listUrl + "?page=" + page + (pageSize == DEFAULT_SIZE ? "" : "&page_size=" + pageSize);
    }
}

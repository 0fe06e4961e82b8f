package dev.signet.amo.v5;

import java.util.List;

/** A DRF page: {@code next}/{@code previous} are absolute URLs or null. */
public record Page<T>(long count, String next, String previous, List<T> results) {
}

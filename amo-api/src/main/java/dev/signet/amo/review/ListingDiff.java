package dev.signet.amo.review;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How a package's file listing differs from the previous version's: by name, then by size and CRC-32. */
public record ListingDiff(@JsonProperty("previous_version") String previousVersion, List<String> added, List<String> removed, List<String> changed,
        int unchanged) {

    public static ListingDiff between(String previousVersion, List<XpiListing.Entry> before,
            List<XpiListing.Entry> after) {
        Map<String, XpiListing.Entry> old = new TreeMap<>();
        before.forEach(e -> old.put(e.name(), e));
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        int unchanged = 0;
        for (XpiListing.Entry e : after) {
            XpiListing.Entry was = old.remove(e.name());
            if (was == null) {
                added.add(e.name());
            } else if (was.size() != e.size() || was.crc() != e.crc()) {
                changed.add(e.name());
            } else {
                unchanged++;
            }
        }
        return new ListingDiff(previousVersion, List.copyOf(added), List.copyOf(old.keySet()), List.copyOf(changed),
                unchanged);
    }
}

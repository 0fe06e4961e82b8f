package dev.signet.amo.review;

/** Fired when a decision is made; observers that must not count a rolled-back one observe it after success. */
public record ReviewDecided(boolean approved) {
}

package dev.custody.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that stands where a test puts it ({@link #now}), for moving time years forward. */
public final class MovableClock extends Clock {

    /** The time the clock answers; tests set it. */
    public volatile Instant now;

    public MovableClock(Instant now) {
        this.now = now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}

package dev.custody.ports.hot;

import java.util.Locale;

/** What the window counters group records by. */
public enum CountDimension {
    /** The record's {@code action}. */
    ACTION,
    /** The record's {@code outcome}. */
    OUTCOME,
    /** The record's {@code actor.id}. */
    ACTOR;

    /** The API spelling: {@code action}, {@code outcome}, {@code actor}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the API spelling.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static CountDimension parse(String value) {
        for (CountDimension d : values()) {
            if (d.apiName().equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("must be one of action, outcome, actor");
    }
}

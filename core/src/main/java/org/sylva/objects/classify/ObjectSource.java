package org.sylva.objects.classify;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The image export sources of Object Classification (spec §5.7). The display name is what {@code --export_source}
 * matches (case-insensitively) and what {@code {result_type}} becomes in file names.
 */
public enum ObjectSource {
    /** uint8, one channel: every object pixel painted with its predicted class 1..K, background 0. */
    PREDICTIONS("Object Predictions"),
    /** float32, K channels: channel k−1 = P(class k) painted on the object's pixels, background 0. */
    PROBABILITIES("Object Probabilities"),
    /** uint32 (uint64 for more than 2^32 − 1 objects), one channel: the object ids. */
    IDENTITIES("Object Identities");

    private final String displayName;

    ObjectSource(String displayName) {
        this.displayName = displayName;
    }

    /** ilastik's name, e.g. {@code Object Predictions}. */
    public String displayName() { return displayName; }

    /**
     * The source named {@code name}, ignoring case; {@code _} and {@code -} also stand for spaces.
     *
     * @throws IllegalArgumentException naming the valid sources
     */
    public static ObjectSource parse(String name) {
        String wanted = name.trim().replace('_', ' ').replace('-', ' ').toLowerCase(Locale.ROOT);
        for (ObjectSource s : values()) if (s.displayName.toLowerCase(Locale.ROOT).equals(wanted)) return s;
        throw new IllegalArgumentException("unknown export source '" + name + "'; Object Classification exports "
                + Arrays.stream(values()).map(s -> "'" + s.displayName + "'").collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() { return displayName; }
}

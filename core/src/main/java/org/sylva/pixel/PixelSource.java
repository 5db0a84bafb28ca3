package org.sylva.pixel;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The export sources of Pixel Classification, in ilastik's order (spec §3.1). The display name is what
 * {@code --export_source} matches (case-insensitively) and what {@code {result_type}} becomes in file names.
 */
public enum PixelSource {
    /** float32, one channel per class (channel k−1 = class k), drange (0, 1). */
    PROBABILITIES("Probabilities"),
    /** uint8, one channel: the most probable class (1..N). */
    SIMPLE_SEGMENTATION("Simple Segmentation"),
    /** float32, one channel: 1 − (largest − second largest probability). */
    UNCERTAINTY("Uncertainty"),
    /** float32, the selected features in ilastik's channel order. */
    FEATURES("Features"),
    /** uint8, one channel: the user's labels (0 = unlabelled); all 0 for images that were not labelled. */
    LABELS("Labels");

    private final String displayName;

    PixelSource(String displayName) {
        this.displayName = displayName;
    }

    /** ilastik's name, e.g. {@code Simple Segmentation}. */
    public String displayName() { return displayName; }

    /**
     * The source named {@code name}, ignoring case, as ilastik's {@code --export_source}; {@code _} and {@code -}
     * also stand for spaces ({@code simple_segmentation}).
     *
     * @throws IllegalArgumentException naming the valid sources
     */
    public static PixelSource parse(String name) {
        String wanted = name.trim().replace('_', ' ').replace('-', ' ').toLowerCase(Locale.ROOT);
        for (PixelSource s : values()) if (s.displayName.toLowerCase(Locale.ROOT).equals(wanted)) return s;
        throw new IllegalArgumentException("unknown export source '" + name + "'; Pixel Classification exports "
                + Arrays.stream(values()).map(s -> "'" + s.displayName + "'").collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() { return displayName; }
}

package org.sylva.objects.features;

import java.util.Objects;

/**
 * One object feature as ilastik names it (spec §5.4): the plugin that offers it, its internal name (the key stored
 * in {@code .ilp} projects and used for the classifier's column order), the display name (the column title of the
 * table export, e.g. {@code Size in pixels}), and how many values it has for one object (e.g. 2 for a 2D
 * {@code RegionCenter}, 64 for {@code Histogram}). Multi-valued features are flattened in ilastik's order:
 * coordinates x, y[, z]; matrices row-major.
 *
 * @param plugin      ilastik's plugin name, e.g. {@link #STANDARD}
 * @param name        internal name, e.g. {@code Mean in neighborhood}
 * @param displayName ilastik's display text, e.g. {@code Mean Intensity in neighborhood}
 * @param values      number of values per object (at least 1)
 * @param advanced    hidden in ilastik's dialog unless already selected
 * @param group       ilastik's group ({@code Shape}, {@code Location}, {@code Intensity Distribution}) or empty
 */
public record ObjectFeature(String plugin, String name, String displayName, int values, boolean advanced,
                            String group) {

    /** vigra's region statistics, ilastik's {@code vigra_objfeats.py}. */
    public static final String STANDARD = "Standard Object Features";
    /** vigra's ConvexHullFeatures on 2D label images. */
    public static final String CONVEX_HULL_2D = "2D Convex Hull Features";
    /** vigra's ConvexHullFeatures on 3D label images. */
    public static final String CONVEX_HULL_3D = "3D Convex Hull Features";
    /** vigra's skeleton features on 2D label images. */
    public static final String SKELETON_2D = "2D Skeleton Features";
    /**
     * The group ilastik always computes, whatever the selection (Coord&lt;Minimum&gt;, Coord&lt;Maximum&gt;,
     * RegionCenter, Count); never classifier input unless also selected under {@link #STANDARD}.
     */
    public static final String DEFAULT = "Default features";

    /** Suffix of the selectable neighbourhood features. */
    public static final String IN_NEIGHBORHOOD = " in neighborhood";
    /** Suffix of the companions ilastik computes and stores with every neighbourhood feature. */
    public static final String IN_OBJECT_AND_NEIGHBORHOOD = " in object and neighborhood";

    public ObjectFeature {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        group = group == null ? "" : group;
        if (values < 1) throw new IllegalArgumentException("feature " + name + " must have at least one value");
    }

    /** The column titles of ilastik's table export: the display name, or {@code <display>_<i>} when multi-valued. */
    public String columnName(int i) {
        return values == 1 ? displayName : displayName + "_" + i;
    }

    /** True for the per-object neighbourhood features ({@code ... in neighborhood}). */
    public boolean isNeighborhood() {
        return name.endsWith(IN_NEIGHBORHOOD);
    }

    @Override
    public String toString() {
        return plugin + "/" + name + " (" + values + ")";
    }
}

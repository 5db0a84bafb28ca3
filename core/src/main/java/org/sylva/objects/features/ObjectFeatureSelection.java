package org.sylva.objects.features;

import static org.sylva.objects.features.ObjectFeature.IN_NEIGHBORHOOD;
import static org.sylva.objects.features.ObjectFeature.STANDARD;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which object features to compute, in ilastik's own form (spec §5.4, §6.6): plugin name → feature name → the
 * feature's neighbourhood margin (pixels along x, y[, z]; only for {@code ... in neighborhood} features). An
 * immutable value; plugins and features are kept in sorted (Unicode) order, the order of the classifier's columns.
 *
 * <p>The "Default features" (bounding box, centre, size) are always computed and need not be selected.
 */
public final class ObjectFeatureSelection {

    /** The statistics of {@code ../shared/bench/anchor_objects.py} (ilastik's usual choice). */
    public static final List<String> STANDARD_NAMES = List.of("Count", "Sum", "Mean", "Variance", "Skewness",
            "Kurtosis", "Minimum", "Maximum", "Quantiles", "Histogram", "RegionCenter", "RegionRadii", "RegionAxes",
            "Coord<Minimum>", "Coord<Maximum>");

    private final SortedMap<String, SortedMap<String, int[]>> features;

    private ObjectFeatureSelection(SortedMap<String, SortedMap<String, int[]>> features) {
        this.features = features;
    }

    /** Nothing selected: only the default features are computed. */
    public static ObjectFeatureSelection none() {
        return new ObjectFeatureSelection(new TreeMap<>());
    }

    /** {@link #STANDARD_NAMES} under "Standard Object Features". */
    public static ObjectFeatureSelection standard() {
        ObjectFeatureSelection s = none();
        for (String n : STANDARD_NAMES) s = s.with(STANDARD, n);
        return s;
    }

    /**
     * Everything ilastik offers for such an image except its advanced features: the standard statistics, their
     * neighbourhood variants with ilastik's default margin ({@link #defaultMargin}), and the convex-hull and
     * skeleton plugins of the right dimensionality (the skeleton only if {@code withSkeleton}).
     */
    public static ObjectFeatureSelection all(int dims, int channels, boolean withSkeleton) {
        ObjectFeatureSelection s = none();
        int[] margin = defaultMargin(dims);
        for (ObjectFeature f : FeatureCatalog.all(dims, channels)) {
            if (f.advanced()) continue;
            if (!withSkeleton && f.plugin().equals(ObjectFeature.SKELETON_2D)) continue;
            s = f.isNeighborhood() ? s.withMargin(f.plugin(), f.name(), margin) : s.with(f.plugin(), f.name());
        }
        return s;
    }

    /** ilastik's default neighbourhood margin: 30 × 30 pixels in 2D, 30 × 30 × 1 in 3D (x, y, z). */
    public static int[] defaultMargin(int dims) {
        return dims == 2 ? new int[] {30, 30} : new int[] {30, 30, 1};
    }

    /** A copy with {@code plugin/name} selected (no margin). */
    public ObjectFeatureSelection with(String plugin, String name) {
        if (name.endsWith(IN_NEIGHBORHOOD)) {
            throw new IllegalArgumentException("'" + name + "' needs a margin: use withMargin");
        }
        return put(plugin, name, null);
    }

    /**
     * A copy with a neighbourhood feature selected, e.g. {@code withMargin(STANDARD, "Mean in neighborhood", 30,
     * 30)}; margin in pixels along x, y[, z] (ilastik's order). ilastik computes every neighbourhood feature with
     * the element-wise maximum of all margins.
     */
    public ObjectFeatureSelection withMargin(String plugin, String name, int... margin) {
        if (!name.endsWith(IN_NEIGHBORHOOD)) {
            throw new IllegalArgumentException("only '... in neighborhood' features take a margin, not '" + name + "'");
        }
        if (margin.length < 2 || margin.length > 3) {
            throw new IllegalArgumentException("margin of '" + name + "' needs 2 or 3 values (x, y[, z]), got "
                    + margin.length);
        }
        for (int m : margin) {
            if (m < 0) throw new IllegalArgumentException("margin of '" + name + "' must not be negative: "
                    + Arrays.toString(margin));
        }
        if (Math.max(margin[0], margin[1]) < 1) {
            throw new IllegalArgumentException("margin of '" + name + "' must be at least 1 along x or y: "
                    + Arrays.toString(margin));
        }
        return put(plugin, name, margin.clone());
    }

    /** A copy without {@code plugin/name}. */
    public ObjectFeatureSelection without(String plugin, String name) {
        SortedMap<String, SortedMap<String, int[]>> copy = copy();
        SortedMap<String, int[]> p = copy.get(plugin);
        if (p != null) {
            p.remove(name);
            if (p.isEmpty()) copy.remove(plugin);
        }
        return new ObjectFeatureSelection(copy);
    }

    private ObjectFeatureSelection put(String plugin, String name, int[] margin) {
        SortedMap<String, SortedMap<String, int[]>> copy = copy();
        copy.computeIfAbsent(plugin, k -> new TreeMap<>()).put(name, margin);
        return new ObjectFeatureSelection(copy);
    }

    private SortedMap<String, SortedMap<String, int[]>> copy() {
        SortedMap<String, SortedMap<String, int[]>> copy = new TreeMap<>();
        features.forEach((p, m) -> copy.put(p, new TreeMap<>(m)));
        return copy;
    }

    /** Selected plugins, sorted. */
    public List<String> plugins() {
        return List.copyOf(features.keySet());
    }

    /** Selected feature names of {@code plugin}, sorted (empty if none). */
    public List<String> names(String plugin) {
        SortedMap<String, int[]> m = features.get(plugin);
        return m == null ? List.of() : List.copyOf(m.keySet());
    }

    /** True if {@code plugin/name} is selected. */
    public boolean contains(String plugin, String name) {
        SortedMap<String, int[]> m = features.get(plugin);
        return m != null && m.containsKey(name);
    }

    /** The margin given for {@code plugin/name} (x, y[, z]), or null. */
    public int[] margin(String plugin, String name) {
        SortedMap<String, int[]> m = features.get(plugin);
        int[] r = m == null ? null : m.get(name);
        return r == null ? null : r.clone();
    }

    /** True if nothing is selected. */
    public boolean isEmpty() {
        return features.isEmpty();
    }

    /**
     * ilastik's common margin ({@code max_margin}): the element-wise maximum over all selected margins, as three
     * values x, y, z (a missing z counts as 0); null when no neighbourhood feature is selected.
     */
    public int[] maxMargin() {
        int[] m = null;
        for (SortedMap<String, int[]> p : features.values()) {
            for (int[] v : p.values()) {
                if (v == null) continue;
                if (m == null) m = new int[3];
                for (int i = 0; i < v.length; i++) m[i] = Math.max(m[i], v[i]);
            }
        }
        return m;
    }

    /** Whether any given margin has three values (ilastik then computes the distance transform in 3D). */
    boolean marginHasZ() {
        for (SortedMap<String, int[]> p : features.values()) {
            for (int[] v : p.values()) if (v != null && v.length == 3) return true;
        }
        return false;
    }

    /**
     * The features of this selection for an image of {@code dims} (2, 3) and {@code channels}, in selection order.
     *
     * @throws IllegalArgumentException naming every selected feature ilastik does not offer for such an image
     */
    public List<ObjectFeature> resolve(int dims, int channels) {
        List<ObjectFeature> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        features.forEach((plugin, names) -> names.keySet().forEach(name -> {
            ObjectFeature f = FeatureCatalog.find(plugin, name, dims, channels);
            if (f == null) missing.add(plugin + "/" + name);
            else out.add(f);
        }));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("not available for " + dims + "D images with " + channels
                    + " channel" + (channels == 1 ? "" : "s") + ": " + String.join(", ", missing));
        }
        return out;
    }

    /** A copy keeping only what ilastik offers for such an image (e.g. no Histogram for multichannel data). */
    public ObjectFeatureSelection availableFor(int dims, int channels) {
        SortedMap<String, SortedMap<String, int[]>> copy = new TreeMap<>();
        features.forEach((plugin, names) -> names.forEach((name, margin) -> {
            if (FeatureCatalog.find(plugin, name, dims, channels) != null) {
                copy.computeIfAbsent(plugin, k -> new TreeMap<>()).put(name, margin);
            }
        }));
        return new ObjectFeatureSelection(copy);
    }

    /**
     * Parses the command-line form: {@code standard}, {@code all}, or a comma-separated list of feature names,
     * each optionally prefixed by its plugin and a colon and, for neighbourhood features, followed by {@code @}
     * and the margin as {@code XxY[xZ]}, e.g. {@code Mean,Variance,Mean in neighborhood@30x30,2D Convex Hull
     * Features:Convexity}. Unprefixed names are looked up in the standard, convex-hull and skeleton plugins.
     *
     * @param dims     spatial dimensions of the images (to resolve names and the default margin)
     * @param channels raw channels of the images
     * @throws IllegalArgumentException naming the first item that is not a feature for such images
     */
    public static ObjectFeatureSelection parse(String text, int dims, int channels) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("standard")) return standard().availableFor(dims, channels);
        if (t.equalsIgnoreCase("all")) return all(dims, channels, true);
        ObjectFeatureSelection s = none();
        for (String raw : t.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) continue;
            int[] margin = null;
            int at = item.lastIndexOf('@');
            if (at >= 0) {
                String[] parts = item.substring(at + 1).trim().split("[xX]");
                margin = new int[parts.length];
                try {
                    for (int i = 0; i < parts.length; i++) margin[i] = Integer.parseInt(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad margin in '" + item + "' (expected e.g. @30x30 or @30x30x1)");
                }
                item = item.substring(0, at).trim();
            }
            String plugin = null;
            int colon = item.indexOf(':');
            if (colon > 0 && !item.substring(0, colon).contains("<")) {
                plugin = item.substring(0, colon).trim();
                item = item.substring(colon + 1).trim();
            }
            ObjectFeature f = null;
            if (plugin != null) {
                f = FeatureCatalog.find(plugin, item, dims, channels);
            } else {
                for (ObjectFeature c : FeatureCatalog.all(dims, channels)) {
                    if (c.name().equals(item)) { f = c; break; }
                }
            }
            if (f == null) {
                throw new IllegalArgumentException("'" + (plugin == null ? "" : plugin + ":") + item
                        + "' is not an object feature for " + dims + "D images with " + channels + " channel"
                        + (channels == 1 ? "" : "s"));
            }
            if (f.isNeighborhood()) s = s.withMargin(f.plugin(), f.name(), margin == null ? defaultMargin(dims) : margin);
            else if (margin != null) throw new IllegalArgumentException("'" + item + "' takes no margin");
            else s = s.with(f.plugin(), f.name());
        }
        return s;
    }

    /** The selection as an unmodifiable map plugin → feature → margin (null for features without margin). */
    public Map<String, Map<String, int[]>> asMap() {
        SortedMap<String, Map<String, int[]>> out = new TreeMap<>();
        features.forEach((p, m) -> {
            SortedMap<String, int[]> inner = new TreeMap<>();
            m.forEach((k, v) -> inner.put(k, v == null ? null : v.clone()));
            out.put(p, Collections.unmodifiableSortedMap(inner));
        });
        return Collections.unmodifiableSortedMap(out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ObjectFeatureSelection s) || !s.features.keySet().equals(features.keySet())) return false;
        for (var e : features.entrySet()) {
            SortedMap<String, int[]> other = s.features.get(e.getKey());
            if (!other.keySet().equals(e.getValue().keySet())) return false;
            for (var f : e.getValue().entrySet()) {
                if (!Arrays.equals(f.getValue(), other.get(f.getKey()))) return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (var e : features.entrySet()) h = 31 * h + e.getKey().hashCode() + e.getValue().keySet().hashCode();
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ObjectFeatureSelection{");
        features.forEach((p, m) -> {
            sb.append(p).append(": ");
            m.forEach((n, v) -> sb.append(n).append(v == null ? "" : Arrays.toString(v)).append(", "));
        });
        return sb.append('}').toString();
    }
}

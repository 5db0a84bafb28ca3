package org.sylva.objects.features;

import static org.sylva.objects.features.ObjectFeature.CONVEX_HULL_2D;
import static org.sylva.objects.features.ObjectFeature.CONVEX_HULL_3D;
import static org.sylva.objects.features.ObjectFeature.DEFAULT;
import static org.sylva.objects.features.ObjectFeature.SKELETON_2D;
import static org.sylva.objects.features.ObjectFeature.STANDARD;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.sylva.blockwise.Workers;
import org.sylva.image.Image;

/**
 * Computes ilastik's object features (spec §5.4) from a raw image and its label image, one
 * {@link ObjectFeatureTable} per time point.
 *
 * <p>Input: the raw image in any type, any number of channels, 2D or 3D, with time; it is cast to float32 as
 * ilastik casts it (no normalisation). The label image has one channel, the same t, z, y, x extents, uint32
 * ({@code int[]} planes) or uint64 ({@code long[]} planes) object ids 1..N per time point, 0 = background; ids
 * must stay below 2^31 - 1. An id that has no pixel (non-consecutive ids) still gets a row (Count 0, other values
 * NaN). A frame without objects gives an empty table.
 *
 * <p>How: the intensity and shape statistics come from one parallel pass over the image (rows in fixed bands, one
 * accumulator set per band, merged exactly; a prior min/max pass when the histogram needs the global range, and a
 * second pass only for moments along principal axes); the neighbourhood, convex-hull and skeleton features are then
 * computed per object, in parallel over objects, on the object's bounding box. Results do not depend on the number
 * of threads.
 */
public final class ObjectFeatures {

    private final Workers workers;
    private final HullMode hullMode;

    /**
     * @param workers  the compute threads
     * @param hullMode how the convex-hull features define the hull ({@link HullMode#ILASTIK}, ilastik's numbers,
     *                 unless asked otherwise)
     */
    public ObjectFeatures(Workers workers, HullMode hullMode) {
        this.workers = Objects.requireNonNull(workers, "workers");
        this.hullMode = Objects.requireNonNull(hullMode, "hullMode");
    }

    /** Features with ilastik's convex-hull semantics. */
    public ObjectFeatures(Workers workers) {
        this(workers, HullMode.ILASTIK);
    }

    /**
     * The feature tables of every time point.
     *
     * @throws IllegalArgumentException if the images do not fit together, a label is negative or too large, or a
     *                                  selected feature is not offered for such an image
     */
    public List<ObjectFeatureTable> compute(Image raw, Image labels, ObjectFeatureSelection selection) {
        check(raw, labels);
        List<ObjectFeatureTable> out = new ArrayList<>();
        for (int t = 0; t < raw.shape().t(); t++) out.add(compute(raw, labels, t, selection));
        return out;
    }

    /** The feature table of time point {@code t}; see {@link #compute(Image, Image, ObjectFeatureSelection)}. */
    public ObjectFeatureTable compute(Image raw, Image labels, int t, ObjectFeatureSelection selection) {
        check(raw, labels);
        if (t < 0 || t >= raw.shape().t()) {
            throw new IllegalArgumentException("time point " + t + " not in 0.." + (raw.shape().t() - 1));
        }
        Frame f = new Frame(raw, labels, t);
        List<ObjectFeature> selected = selection.resolve(f.dims, f.C);

        Set<String> standardNames = new LinkedHashSet<>();
        for (ObjectFeature d : FeatureCatalog.defaults(f.dims)) standardNames.add(d.name());
        for (ObjectFeature s : selected) {
            if (s.plugin().equals(STANDARD) && !s.isNeighborhood()) standardNames.add(s.name());
        }
        StandardFeatures.Result std = StandardFeatures.compute(f, standardNames, workers);
        int n = std.objects;
        Boxes boxes = std.boxes;

        List<ObjectFeature> columns = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (ObjectFeature d : FeatureCatalog.defaults(f.dims)) {
            columns.add(d);
            values.add(std.values.get(d.name()));
        }
        NeighborhoodFeatures.Result local = null;
        List<ObjectFeature> neighborhood = selected.stream().filter(ObjectFeature::isNeighborhood).toList();
        if (!neighborhood.isEmpty()) {
            local = NeighborhoodFeatures.compute(f, boxes, neighborhood, selection.maxMargin(),
                    selection.marginHasZ(), workers);
        }
        ConvexHullFeatures.Result hull = null;
        if (selected.stream().anyMatch(s -> s.plugin().equals(CONVEX_HULL_2D) || s.plugin().equals(CONVEX_HULL_3D))) {
            hull = ConvexHullFeatures.compute(f, boxes, hullMode, workers);
        }
        SkeletonFeatures.Result skeleton = null;
        if (selected.stream().anyMatch(s -> s.plugin().equals(SKELETON_2D))) {
            skeleton = SkeletonFeatures.compute(f, boxes, workers);
        }
        for (ObjectFeature s : selected) {
            switch (s.plugin()) {
                case STANDARD -> {
                    if (s.isNeighborhood()) {
                        columns.add(s);
                        values.add(local.neighborhood.get(s.name()));
                        ObjectFeature companion = FeatureCatalog.companion(s);
                        columns.add(companion);
                        values.add(local.withObject.get(s.name()));
                    } else {
                        columns.add(s);
                        values.add(std.values.get(s.name()));
                    }
                }
                case CONVEX_HULL_2D, CONVEX_HULL_3D -> {
                    columns.add(s);
                    values.add(hull.values.get(s.name()));
                }
                case SKELETON_2D -> {
                    columns.add(s);
                    values.add(skeleton.values.get(s.name()));
                }
                case DEFAULT -> { }   // always present
                default -> throw new IllegalStateException("unknown plugin " + s.plugin());
            }
        }
        return new ObjectFeatureTable(t, n, f.dims, f.C, columns, values);
    }

    private static void check(Image raw, Image labels) {
        String problem = Frame.problem(raw, labels);
        if (problem != null) throw new IllegalArgumentException(problem);
    }
}

package org.sylva.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.sylva.image.Shape;

/**
 * Which features to compute, in ilastik's own form (spec §1.2, §6.3): a list of feature ids (the rows, in the
 * order that governs the output channels), a list of nominal scales (the columns), a selection matrix, and per
 * scale whether to compute it in 2D. An immutable value.
 */
public final class FeatureSelection {

    /** ilastik's default scales: 0.3, 0.7, 1.0, 1.6, 3.5, 5.0, 10.0 pixels. */
    public static final double[] DEFAULT_SCALES = {0.3, 0.7, 1.0, 1.6, 3.5, 5.0, 10.0};

    private final List<FeatureId> ids;
    private final double[] scales;
    private final boolean[][] matrix;
    private final boolean[] computeIn2d;

    /**
     * @param ids the rows, in the order of the output channels
     * @param scales nominal scales in pixels, one per column
     * @param matrix {@code matrix[i][j]} selects {@code ids.get(i)} at {@code scales[j]}
     * @param computeIn2d per scale, compute slice by slice; null = ilastik's default (2D when the image has one
     *                    slice, else 3D)
     */
    public FeatureSelection(List<FeatureId> ids, double[] scales, boolean[][] matrix, boolean[] computeIn2d) {
        this.ids = List.copyOf(ids);
        this.scales = scales.clone();
        if (matrix.length != ids.size()) throw new IllegalArgumentException("selection matrix needs one row per feature id");
        this.matrix = new boolean[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            if (matrix[i].length != scales.length) {
                throw new IllegalArgumentException("selection matrix needs one column per scale");
            }
            this.matrix[i] = matrix[i].clone();
        }
        for (double s : scales) {
            if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException("scale " + s + " must be positive");
        }
        if (computeIn2d != null && computeIn2d.length != scales.length) {
            throw new IllegalArgumentException("ComputeIn2d needs one flag per scale");
        }
        this.computeIn2d = computeIn2d == null ? null : computeIn2d.clone();
    }

    /**
     * ilastik's full default set ("all"): Gaussian smoothing at every default scale, the other five types at 0.7 and
     * above — 49 channels for a 2D grey image, 61 for 3D.
     */
    public static FeatureSelection all() {
        List<FeatureId> ids = List.of(FeatureId.values());
        boolean[][] m = new boolean[ids.size()][DEFAULT_SCALES.length];
        for (int i = 0; i < ids.size(); i++) {
            for (int j = 0; j < DEFAULT_SCALES.length; j++) m[i][j] = DEFAULT_SCALES[j] >= ids.get(i).minimumScale();
        }
        return new FeatureSelection(ids, DEFAULT_SCALES, m, null);
    }

    /**
     * Parses the command-line form: {@code all}, or a comma-separated list of {@code FeatureId@sigma}, e.g.
     * {@code GaussianSmoothing@0.3,HessianOfGaussianEigenvalues@1.6}. Rows follow ilastik's table order and
     * columns ascending scales, so the channel order is ilastik's whatever order the list is written in.
     *
     * @throws IllegalArgumentException with a message naming the bad item
     */
    public static FeatureSelection parse(String text) {
        String t = text == null ? "all" : text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("all")) return all();
        TreeSet<Double> scaleSet = new TreeSet<>();
        List<FeatureId> pickedIds = new ArrayList<>();
        List<Double> pickedScales = new ArrayList<>();
        for (String item : t.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) continue;
            int at = s.indexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException("feature '" + s + "' needs a scale, e.g. " + s + "@1.0");
            }
            FeatureId id = FeatureId.parse(s.substring(0, at));
            double sigma;
            try {
                sigma = Double.parseDouble(s.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("feature '" + s + "': '" + s.substring(at + 1) + "' is not a number");
            }
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("feature '" + s + "': the scale must be a positive number");
            }
            scaleSet.add(sigma);
            pickedIds.add(id);
            pickedScales.add(sigma);
        }
        if (pickedIds.isEmpty()) throw new IllegalArgumentException("no features selected");
        double[] scales = scaleSet.stream().mapToDouble(Double::doubleValue).toArray();
        List<FeatureId> ids = List.of(FeatureId.values());
        boolean[][] m = new boolean[ids.size()][scales.length];
        for (int k = 0; k < pickedIds.size(); k++) {
            m[ids.indexOf(pickedIds.get(k))][Arrays.binarySearch(scales, pickedScales.get(k))] = true;
        }
        return new FeatureSelection(ids, scales, m, null);
    }

    /** The same selection computed in 2D at every scale ({@code --in2d}). */
    public FeatureSelection in2d() {
        boolean[] all = new boolean[scales.length];
        Arrays.fill(all, true);
        return new FeatureSelection(ids, scales, matrix, all);
    }

    public List<FeatureId> ids() { return ids; }

    public double[] scales() { return scales.clone(); }

    /** A copy of the selection matrix ({@code [row][scale]}). */
    public boolean[][] matrix() {
        boolean[][] m = new boolean[matrix.length][];
        for (int i = 0; i < m.length; i++) m[i] = matrix[i].clone();
        return m;
    }

    /** The stored per-scale 2D flags, or null for ilastik's default. */
    public boolean[] computeIn2d() { return computeIn2d == null ? null : computeIn2d.clone(); }

    /** True if scale {@code j} is computed in 2D for an image with {@code slices} z-slices. */
    public boolean in2d(int j, int slices) {
        if (slices <= 1) return true;
        return computeIn2d != null && computeIn2d[j];
    }

    /** The selected features in output order (row by row, scales ascending by column), for {@code slices} slices. */
    public List<Feature> features(int slices) {
        List<Feature> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            for (int j = 0; j < scales.length; j++) {
                if (matrix[i][j]) out.add(new Feature(ids.get(i), scales[j], in2d(j, slices)));
            }
        }
        return out;
    }

    /** Number of output channels for an image with {@code channels} input channels and {@code slices} slices. */
    public int channelCount(int channels, int slices) {
        int n = 0;
        for (Feature f : features(slices)) n += channels * f.id().resultsPerChannel(f.in2d() ? 2 : 3);
        return n;
    }

    /** ilastik's channel names (spec §1.8), in output order. */
    public List<String> channelNames(int channels, int slices) {
        List<String> names = new ArrayList<>();
        for (Feature f : features(slices)) {
            int n = channels * f.id().resultsPerChannel(f.in2d() ? 2 : 3);
            for (int k = 0; k < n; k++) names.add(f.channelName(k, n));
        }
        return names;
    }

    /**
     * ilastik's size constraint (spec §1.2, {@code getInvalidScales}): every used scale σ needs
     * {@code ceil(3.5σ)+1} pixels along y and x, and along z when computed in 3D.
     *
     * @throws FeatureScaleException naming the scales that are too large and the image size
     */
    public void checkFits(Shape shape) {
        List<String> bad = new ArrayList<>();
        for (int j = 0; j < scales.length; j++) {
            boolean used = false;
            for (boolean[] row : matrix) used |= row[j];
            if (!used) continue;
            int need = (int) Math.ceil(3.5 * scales[j]) + 1;
            boolean z = !in2d(j, shape.z());
            if (need > shape.y() || need > shape.x() || (z && need > shape.z())) {
                bad.add("σ=" + Feature.pythonFloat(scales[j]) + " needs at least " + need + " pixels along "
                        + (z ? "z, y and x" : "y and x"));
            }
        }
        if (!bad.isEmpty()) {
            String size = (shape.z() > 1 ? "z=" + shape.z() + ", " : "") + "y=" + shape.y() + ", x=" + shape.x();
            throw new FeatureScaleException("Feature Selection: some of the selected feature scales are too large for "
                    + "this image (" + size + "): " + String.join("; ", bad)
                    + ". Select smaller scales (sigma) or use a larger image.");
        }
    }

    /** Largest selected nominal scale (0 if nothing is selected). */
    public double maxScale() {
        double m = 0;
        for (boolean[] row : matrix) {
            for (int j = 0; j < scales.length; j++) if (row[j]) m = Math.max(m, scales[j]);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureSelection f && ids.equals(f.ids) && Arrays.equals(scales, f.scales)
                && Arrays.deepEquals(matrix, f.matrix) && Arrays.equals(computeIn2d, f.computeIn2d);
    }

    @Override
    public int hashCode() { return ids.hashCode() * 31 + Arrays.hashCode(scales); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Feature f : features(2)) {
            if (sb.length() > 0) sb.append(',');
            sb.append(f.id().name()).append('@').append(Feature.pythonFloat(f.scale()));
        }
        return sb.toString();
    }
}

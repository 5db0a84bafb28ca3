package org.sylva.project.ilp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sylva.image.Axes;
import org.sylva.image.Shape;

/**
 * ilastik's axis-order rules for data lanes and stored labels (spec §6.2, §6.4).
 *
 * <p><b>Lane order.</b> A workflow lists the axis orders it accepts; a lane's data is reordered to the shortest of
 * them that contains every axis of extent &gt; 1 (the first in the list on a tie). Pixel Classification accepts
 * {@code yxc}, {@code xyc}, every 3-permutation of {@code tzyx} plus {@code c}, then every 4-permutation plus
 * {@code c}, each list in Python's {@code itertools.permutations} order — so 2D data is {@code yxc}, 3D
 * {@code zyxc}, 2D+t {@code tyxc}, 3D+t {@code tzyxc}. Labels, features and predictions live in this order.
 *
 * <p><b>Stored label blocks.</b> Most versions store label blocks in the lane order; two ranges differ
 * ({@code BackwardsCompatibleLabelSerialBlockSlot}): 1.3.3 ≤ v &lt; 1.3.3post2 in the workflow "Object
 * Classification (from pixel classification)" stored {@code txyzc}; 1.3.3post2 ≤ v ≤ 1.4.0b7 stored the raw data's
 * own axis order. Since mid-2020 every block also carries its {@code axistags}, which are used when present.
 */
public final class LaneAxes {

    /** The axis orders Pixel Classification accepts, in ilastik's order of preference. */
    public static final List<Axes> PIXEL_CLASSIFICATION_ORDERS = pixelClassificationOrders();

    /** The workflow whose 1.3.3 projects stored label blocks in {@code txyzc} order. */
    public static final String PIXEL_AND_OBJECT_WORKFLOW = "Object Classification (from pixel classification)";

    private LaneAxes() {}

    /**
     * The axis order of a Pixel Classification lane whose data has the extents {@code shape}: the shortest allowed
     * order containing every axis of extent &gt; 1.
     */
    public static Axes pixelClassificationOrder(Shape shape) {
        return shortestAllowed(PIXEL_CLASSIFICATION_ORDERS, shape);
    }

    /** The same for data of axes {@code axes} with extents {@code dims} (in that order), of any size. */
    public static Axes pixelClassificationOrder(Axes axes, long[] dims) {
        if (axes.size() != dims.length) throw new IllegalArgumentException(dims.length + " extents for axes " + axes);
        StringBuilder required = new StringBuilder();
        for (int i = 0; i < dims.length; i++) if (dims[i] > 1) required.append(axes.get(i));
        return shortestAllowed(PIXEL_CLASSIFICATION_ORDERS, required.toString());
    }

    /**
     * The first of the shortest orders in {@code allowed} that contains every axis of {@code shape} with extent &gt;
     * 1 ({@code OpDataSelection._get_output_axis_order}).
     *
     * @throws IllegalArgumentException if no allowed order contains them
     */
    public static Axes shortestAllowed(List<Axes> allowed, Shape shape) {
        StringBuilder required = new StringBuilder();
        for (char a : Axes.CANONICAL.toCharArray()) if (shape.get(a) > 1) required.append(a);
        return shortestAllowed(allowed, required.toString());
    }

    private static Axes shortestAllowed(List<Axes> allowed, String required) {
        Axes best = null;
        for (Axes order : allowed) {
            boolean ok = true;
            for (char a : required.toCharArray()) ok &= order.has(a);
            if (ok && (best == null || order.size() < best.size())) best = order;
        }
        if (best == null) {
            throw new IllegalArgumentException("no allowed axis order " + allowed + " holds the axes " + required);
        }
        return best;
    }

    /**
     * The axis order label blocks without their own {@code axistags} were stored in by the ilastik version that
     * saved them.
     *
     * @param version the project's {@code ilastikVersion}
     * @param workflowName the project's {@code workflowName}
     * @param rawAxes the lane's raw data axes as stored (its "original" order), or null if unknown
     * @param laneAxes the lane order ({@link #pixelClassificationOrder})
     */
    public static Axes storedLabelAxes(IlastikVersion version, String workflowName, Axes rawAxes, Axes laneAxes) {
        if (version.inRange(IlastikVersion.V1_3_3, IlastikVersion.V1_3_3_POST2)
                && PIXEL_AND_OBJECT_WORKFLOW.equals(workflowName)) {
            return Axes.of("txyzc");
        }
        if (rawAxes != null && version.compareTo(IlastikVersion.V1_3_3_POST2) >= 0
                && version.compareTo(IlastikVersion.V1_4_0B7) <= 0) {
            return rawAxes;
        }
        return laneAxes;
    }

    private static List<Axes> pixelClassificationOrders() {
        List<Axes> out = new ArrayList<>(List.of(Axes.of("yxc"), Axes.of("xyc")));
        for (String p : permutations("tzyx", 3)) out.add(Axes.of(p + "c"));
        for (String p : permutations("tzyx", 4)) out.add(Axes.of(p + "c"));
        return Collections.unmodifiableList(out);
    }

    /** Python's {@code itertools.permutations(letters, k)}, joined, in its (lexicographic by position) order. */
    static List<String> permutations(String letters, int k) {
        List<String> out = new ArrayList<>();
        permute(letters, k, "", new boolean[letters.length()], out);
        return out;
    }

    private static void permute(String letters, int k, String prefix, boolean[] used, List<String> out) {
        if (prefix.length() == k) {
            out.add(prefix);
            return;
        }
        for (int i = 0; i < letters.length(); i++) {
            if (used[i]) continue;
            used[i] = true;
            permute(letters, k, prefix + letters.charAt(i), used, out);
            used[i] = false;
        }
    }
}

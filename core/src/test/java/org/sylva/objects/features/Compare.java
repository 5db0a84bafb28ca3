package org.sylva.objects.features;

import java.util.ArrayList;
import java.util.List;

/**
 * Comparison of our float32 features with a reference to float precision: NaN where the reference has NaN,
 * otherwise |ours - ref| ≤ 4 float ulps of the reference (5e-7 relative) plus 1e-9 of the largest magnitude of the
 * feature over all objects (odd central moments of symmetric objects cancel to noise around 0).
 */
final class Compare {

    static final double RELATIVE = 5e-7;
    static final double OF_COLUMN = 1e-9;

    private Compare() {}

    /**
     * Problems of feature {@code what}: {@code ref} rows 0..N (row 0 = background, ignored), {@code ours}
     * object-major with {@code k} values per object. Empty when they agree.
     */
    static List<String> problems(String what, float[][] ref, float[] ours, int k) {
        List<String> out = new ArrayList<>();
        if (ref.length - 1 != ours.length / Math.max(k, 1) || (ref.length > 1 && ref[1].length != k)) {
            out.add(what + ": " + (ref.length - 1) + " × " + (ref.length > 1 ? ref[1].length : 0)
                    + " reference values, " + ours.length / Math.max(k, 1) + " × " + k + " computed");
            return out;
        }
        double[] scale = new double[k];
        for (int id = 1; id < ref.length; id++) {
            for (int i = 0; i < k; i++) if (Float.isFinite(ref[id][i])) scale[i] = Math.max(scale[i], Math.abs(ref[id][i]));
        }
        for (int id = 1; id < ref.length; id++) {
            for (int i = 0; i < k; i++) {
                float a = ref[id][i];
                float b = ours[(id - 1) * k + i];
                boolean ok = Float.isNaN(a) ? Float.isNaN(b)
                        : Math.abs((double) a - b) <= RELATIVE * Math.abs(a) + OF_COLUMN * scale[i];
                if (!ok && out.size() < 5) out.add(what + " object " + id + " value " + i + ": expected " + a + ", got " + b);
            }
        }
        return out;
    }
}

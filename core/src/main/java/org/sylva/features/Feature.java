package org.sylva.features;

/**
 * One selected feature: a type at a nominal scale, computed in 2D (slice by slice) or 3D.
 *
 * @param id the feature type
 * @param scale the nominal scale σ in pixels, as the user chose it (e.g. 1.6)
 * @param in2d true to compute slice by slice in (y, x) with no smoothing along z
 */
public record Feature(FeatureId id, double scale, boolean in2d) {

    /**
     * ilastik's channel name for result channel {@code k} of this feature (spec §1.8):
     * {@code "<Display Name> (σ=<scale>)"} + {@code " in 2D"} + {@code " [k]"} when the feature yields more than
     * one channel (k counts over input channels × eigenvalues).
     */
    public String channelName(int k, int channels) {
        StringBuilder sb = new StringBuilder(id.displayName()).append(" (σ=").append(pythonFloat(scale)).append(')');
        if (in2d) sb.append(" in 2D");
        if (channels > 1) sb.append(" [").append(k).append(']');
        return sb.toString();
    }

    /** Python's repr of a float for the usual short decimals (1 → "1.0", 0.3 → "0.3", 1.6 → "1.6"). */
    static String pythonFloat(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e16) return (long) v + ".0";
        String s = Double.toString(v);
        return s.contains("E") ? s.replace("E", "e") : s;
    }
}

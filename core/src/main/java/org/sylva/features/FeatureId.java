package org.sylva.features;

import java.util.Locale;

/**
 * ilastik's six pixel feature types (spec §1.1), with ilastik's ids (as stored in {@code .ilp} files and used on
 * the command line), display names (used in channel names) and minimum scales. The declaration order is the
 * order current ilastik writes; projects may store another order, which then governs the channel order.
 */
public enum FeatureId {
    GaussianSmoothing("Gaussian Smoothing", 0.3, false),
    LaplacianOfGaussian("Laplacian of Gaussian", 0.7, false),
    GaussianGradientMagnitude("Gaussian Gradient Magnitude", 0.7, false),
    DifferenceOfGaussians("Difference of Gaussians", 0.7, false),
    StructureTensorEigenvalues("Structure Tensor Eigenvalues", 0.7, true),
    HessianOfGaussianEigenvalues("Hessian of Gaussian Eigenvalues", 0.7, true);

    private final String displayName;
    private final double minimumScale;
    private final boolean perAxis;

    FeatureId(String displayName, double minimumScale, boolean perAxis) {
        this.displayName = displayName;
        this.minimumScale = minimumScale;
        this.perAxis = perAxis;
    }

    /** ilastik's display name, e.g. "Gaussian Smoothing". */
    public String displayName() { return displayName; }

    /** Smallest scale ilastik's GUI allows for this feature (0.3 for smoothing, 0.7 for the others). */
    public double minimumScale() { return minimumScale; }

    /** Result channels per input channel: 1, or one eigenvalue per spatial dimension (2 in 2D, 3 in 3D). */
    public int resultsPerChannel(int spatialDims) { return perAxis ? spatialDims : 1; }

    /**
     * Parses an ilastik feature id ({@code GaussianSmoothing}, …), case-insensitively; also accepts the display
     * name without spaces.
     */
    public static FeatureId parse(String id) {
        String s = id.trim().replace(" ", "").toLowerCase(Locale.ROOT);
        for (FeatureId f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(s)) return f;
        }
        StringBuilder known = new StringBuilder();
        for (FeatureId f : values()) known.append(known.length() == 0 ? "" : ", ").append(f.name());
        throw new IllegalArgumentException("unknown feature '" + id + "' (known: " + known + ")");
    }
}

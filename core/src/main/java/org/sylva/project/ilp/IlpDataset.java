package org.sylva.project.ilp;

import java.util.Arrays;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.Shape;

/**
 * One dataset of a data lane as the project stores it ({@code Input Data/infos/laneNNNN/<role>/}, spec §6.2):
 * where the pixels are, how ilastik interprets their axes, and display hints. Values are as stored; fields the
 * project does not hold are null (or the documented default).
 *
 * @param role the role name, e.g. {@code Raw Data}, {@code Prediction Mask}, {@code Prediction Maps}
 * @param infoClass ilastik's DatasetInfo class: {@code FilesystemDatasetInfo}, {@code RelativeFilesystemDatasetInfo},
 *                  {@code ProjectInternalDatasetInfo}, {@code MultiscaleUrlDatasetInfo}, … (projects before ilastik
 *                  1.3.3 store no class: it is derived from {@code location} and {@code filePath} as ilastik does)
 * @param filePath the stored {@code filePath}, unmodified: absolute or relative to the project's folder, possibly
 *                 with Windows back-slashes, an HDF5/N5 internal path after the file ({@code raw.h5/volume}), glob
 *                 patterns, or several files of a stack joined by the saving system's path separator ({@code :} or
 *                 {@code ;}); for project-internal data the internal dataset path; null if absent
 * @param innerPath for project-internal data, the dataset inside the project ({@code /Input Data/local_data/<id>});
 *                  else null
 * @param location legacy {@code location}: {@code FileSystem} or {@code ProjectInternal}; null if absent
 * @param datasetId the stored {@code datasetId} (a UUID), or null
 * @param nickname the name ilastik shows and uses for {nickname} in export file names (empty if absent)
 * @param axes the dataset's axes, in the stored order ({@code axistags}, else the legacy {@code axisorder}, else
 *             ilastik's guess from {@code shape}); null if none of those is stored
 * @param calibration pixel sizes from the axistags' {@code resolution} and units from {@code axis_units}
 * @param shape the extents in the order of {@code axes} (stored {@code shape}); null if not stored (ilastik before
 *              1.3.3) — read the data to know it
 * @param displayMode {@code display_mode} ({@code default}, {@code grayscale}, {@code rgba},
 *                    {@code random-colortable}, {@code binary-mask}), or null
 * @param normalizeDisplay {@code normalizeDisplay}, or null
 * @param drange the stored data range (min, max) for display, or null
 * @param allowLabels whether the lane may be labelled ({@code allowLabels}; true if absent)
 * @param fromStack the legacy {@code fromstack} flag, or null
 * @param subvolumeRoi {@code subvolume_roi} (start…, stop…), or null
 */
public record IlpDataset(String role, String infoClass, String filePath, String innerPath, String location,
                         String datasetId, String nickname, Axes axes, Calibration calibration, long[] shape,
                         String displayMode, Boolean normalizeDisplay, double[] drange, boolean allowLabels,
                         Boolean fromStack, long[] subvolumeRoi) {

    /** ilastik's class for data stored inside the project file. */
    public static final String PROJECT_INTERNAL = "ProjectInternalDatasetInfo";
    /** ilastik's class for a file named by an absolute path. */
    public static final String FILESYSTEM = "FilesystemDatasetInfo";
    /** ilastik's class for a file named relative to the project's folder. */
    public static final String RELATIVE_FILESYSTEM = "RelativeFilesystemDatasetInfo";

    public IlpDataset {
        nickname = nickname == null ? "" : nickname;
        calibration = calibration == null ? Calibration.NONE : calibration;
        shape = shape == null ? null : shape.clone();
        drange = drange == null ? null : drange.clone();
        subvolumeRoi = subvolumeRoi == null ? null : subvolumeRoi.clone();
        if (axes != null && shape != null && axes.size() != shape.length) {
            throw new IllegalArgumentException("axes '" + axes + "' for a shape of " + shape.length + " dimensions");
        }
    }

    /** The stored extents in the order of {@link #axes()}, or null. */
    @Override
    public long[] shape() { return shape == null ? null : shape.clone(); }

    @Override
    public double[] drange() { return drange == null ? null : drange.clone(); }

    @Override
    public long[] subvolumeRoi() { return subvolumeRoi == null ? null : subvolumeRoi.clone(); }

    /** True if the pixels are stored inside the project file ({@code Input Data/local_data}). */
    public boolean isProjectInternal() {
        return PROJECT_INTERNAL.equals(infoClass);
    }

    /**
     * The stored shape as canonical extents (absent axes 1); null if the project stores no shape or axes, or if the
     * data is too large for one in-memory {@link Shape} (a plane of more than 2^31 samples).
     */
    public Shape canonicalShape() {
        if (shape == null || axes == null) return null;
        long[] e = {1, 1, 1, 1, 1};
        for (int i = 0; i < shape.length; i++) e[Axes.CANONICAL.indexOf(axes.get(i))] = shape[i];
        for (long v : e) if (v > Integer.MAX_VALUE) return null;
        try {
            return new Shape((int) e[0], (int) e[1], (int) e[2], (int) e[3], (int) e[4]);
        } catch (IllegalArgumentException tooLarge) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IlpDataset d && java.util.Objects.equals(role, d.role)
                && java.util.Objects.equals(infoClass, d.infoClass) && java.util.Objects.equals(filePath, d.filePath)
                && java.util.Objects.equals(innerPath, d.innerPath) && java.util.Objects.equals(location, d.location)
                && java.util.Objects.equals(datasetId, d.datasetId) && nickname.equals(d.nickname)
                && java.util.Objects.equals(axes, d.axes) && calibration.equals(d.calibration)
                && Arrays.equals(shape, d.shape) && java.util.Objects.equals(displayMode, d.displayMode)
                && java.util.Objects.equals(normalizeDisplay, d.normalizeDisplay) && Arrays.equals(drange, d.drange)
                && allowLabels == d.allowLabels && java.util.Objects.equals(fromStack, d.fromStack)
                && Arrays.equals(subvolumeRoi, d.subvolumeRoi);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(role, filePath, innerPath, nickname, axes) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return role + ": " + infoClass + " " + (innerPath != null ? innerPath : filePath) + " axes=" + axes
                + " shape=" + Arrays.toString(shape);
    }
}

package org.sylva.project.ilp;

import java.io.File;
import java.io.IOException;
import java.util.List;
import org.sylva.image.Axes;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.DataPath;
import org.sylva.io.Hdf5Format;
import org.sylva.io.ImageFiles;
import org.sylva.io.ImageSequence;

/**
 * Where a lane's raw data is on this machine ({@link IlpReader#resolveRaw}): one file or HDF5 dataset, the files of
 * a stack, or a dataset inside the project file itself.
 *
 * @param lane the lane index
 * @param dataset the lane's stored dataset info
 * @param files each file as a spec for {@link ImageFiles} ({@code /data/cells.png}, {@code /data/raw.h5/volume});
 *              for project-internal data the project file and the dataset inside it
 * @param internal for project-internal data, the project file and the dataset inside it
 *                 ({@code Input Data/local_data/<id>}); null for data in other files
 * @param warnings what was done to find the data (e.g. a missing absolute path found beside the project), for the
 *                 user
 */
public record RawSource(int lane, IlpDataset dataset, List<String> files, DataPath internal,
                        List<String> warnings) {

    public RawSource {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
        if (files.isEmpty()) throw new IllegalArgumentException("no files");
    }

    /** True if the pixels are inside the project file ({@code Input Data/local_data}). */
    public boolean projectInternal() {
        return internal != null;
    }

    /** True if the data is a stack of several files. */
    public boolean isStack() {
        return files.size() > 1;
    }

    /**
     * The spec to give {@link ImageFiles#read(String)}: the file, or the stack's files joined by this system's path
     * separator. (Project-internal data is an HDF5 dataset inside the {@code .ilp}: read it with {@link #read()}.)
     */
    public String spec() {
        return String.join(File.pathSeparator, files);
    }

    /**
     * Reads the pixels with the axes the project stores for them (ilastik applies the stored {@code axistags} — the
     * file's own, the guess, or the user's override — to the data as read): a stack is stacked along the stored
     * axis whose extent is the number of files (z, t or c; z if none matches).
     *
     * @throws IOException naming the file if it cannot be read
     */
    public Image read() throws IOException {
        Image image;
        if (internal != null) {
            image = new Hdf5Format().read(internal);
        } else if (isStack()) {
            image = ImageSequence.read(files, stackAxis());
        } else {
            image = ImageFiles.read(files.get(0));
        }
        return withStoredAxes(image);
    }

    /** The axis a stack was built along: the stored axis (z, t, then c) whose extent is the number of files. */
    char stackAxis() {
        Shape s = dataset.canonicalShape();
        if (s != null) {
            for (char a : new char[] {'z', 't', 'c'}) if (s.get(a) == files.size()) return a;
        }
        return 'z';
    }

    private Image withStoredAxes(Image image) {
        Axes stored = dataset.axes();
        if (stored == null || stored.equals(image.axes())) return calibrated(image);
        if (stored.size() == image.axes().size()) return calibrated(image.reinterpret(stored));
        Shape s = dataset.canonicalShape();
        boolean covers = true;
        for (char a : Axes.CANONICAL.toCharArray()) covers &= image.shape().get(a) == 1 || stored.has(a);
        if (s != null && s.equals(image.shape()) && covers) return calibrated(image.withAxes(stored));
        return calibrated(image);
    }

    private Image calibrated(Image image) {
        if (dataset.calibration().isKnown() && !image.calibration().isKnown()) {
            return image.withCalibration(dataset.calibration());
        }
        return image;
    }
}

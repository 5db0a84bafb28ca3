package org.sylva.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.sylva.image.Axes;
import org.sylva.io.DataPath;
import org.sylva.io.ImageFileException;
import org.sylva.io.ImageSequence;

/**
 * What an export needs to know about the dataset it exports, beyond the image: where the raw data lives and what it
 * is called (for the file name), the raw data's original axes (for the default output axis order), and the folder
 * relative output paths count from.
 *
 * @param datasetDir the absolute folder of the (first) raw-data file: {@code {dataset_dir}}
 * @param nickname the dataset's nickname ({@link Nickname}): {@code {nickname}}
 * @param resultType the export source's display name, e.g. {@code Probabilities} or {@code Simple Segmentation}:
 *                   {@code {result_type}}
 * @param sourceAxes the raw input file's own axis order (e.g. {@code zyx}), or null if unknown; the default output
 *                   order is this plus a trailing {@code c} (ilastik's {@code original_axistags})
 * @param baseDir the folder relative output paths are resolved against: the current folder for
 *                {@code --output_filename_format} on the command line, the project's folder otherwise (ilastik)
 */
public record ExportContext(Path datasetDir, String nickname, String resultType, Axes sourceAxes, Path baseDir) {

    public ExportContext {
        Objects.requireNonNull(datasetDir, "datasetDir");
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(baseDir, "baseDir");
        datasetDir = datasetDir.toAbsolutePath().normalize();
        baseDir = baseDir.toAbsolutePath().normalize();
    }

    /**
     * The context of raw data read from {@code rawSpecs} (files, {@code file.h5/dataset}, a glob or a list, as
     * given to {@code --raw_data}): dataset folder = the folder of the first file, nickname by ilastik's rules.
     *
     * @param rawAxes the raw file's own axes (as read, before any reordering), or null
     * @throws ImageFileException if a glob matches nothing
     */
    public static ExportContext forInput(List<String> rawSpecs, Axes rawAxes, String resultType, Path baseDir)
            throws ImageFileException {
        String nickname = Nickname.of(rawSpecs);
        String first = rawSpecs.get(0);
        if (ImageSequence.isSequence(first)) first = ImageSequence.expand(first).get(0);
        Path file = DataPath.parse(first).file().toAbsolutePath().normalize();
        Path dir = file.getParent() == null ? file : file.getParent();
        return new ExportContext(dir, nickname, resultType, rawAxes, baseDir);
    }

    /** A copy for another export source (e.g. {@code Simple Segmentation} after {@code Probabilities}). */
    public ExportContext withResultType(String type) {
        return new ExportContext(datasetDir, nickname, type, sourceAxes, baseDir);
    }

    /** A copy resolving relative output paths against {@code dir}. */
    public ExportContext withBaseDir(Path dir) {
        return new ExportContext(datasetDir, nickname, resultType, sourceAxes, dir);
    }
}

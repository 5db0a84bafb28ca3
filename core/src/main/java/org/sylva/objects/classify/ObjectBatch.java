package org.sylva.objects.classify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sylva.blockwise.Workers;
import org.sylva.export.ExportContext;
import org.sylva.export.ExportSettings;
import org.sylva.export.Exporter;
import org.sylva.export.FilenameTemplate;
import org.sylva.image.Image;
import org.sylva.io.ImageFileException;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;

/**
 * Applies a trained object classifier to one image after another (ilastik's headless Object Classification):
 * objects from each image's prediction maps, segmentation or label image, features, predictions, then the chosen
 * image sources and the object table. A table file name with {@code {nickname}} or {@code {dataset_dir}} gives one
 * table per image; without, one table for the whole batch ({@link #finish()}), with the {@value ObjectTable#SOURCE}
 * column telling the images apart. Every image is computed completely before anything of it is written, and every
 * file is written atomically: an image that fails leaves no output.
 */
public final class ObjectBatch {

    /**
     * What to export and how.
     *
     * @param sources       image sources to export (may be empty with a table)
     * @param export        the export settings of the images
     * @param rawOptions    how to read the raw data
     * @param inputOptions  how to read the prediction maps / segmentation / label images
     * @param baseDir       the folder relative output paths are resolved against
     * @param tableFilename the table's file name template (ilastik's {@code --table_filename}), or null for none
     * @param tableMargin   pixels around each object's box in the crops of an HDF5 table
     * @param tableOnly     export the table only (ilastik's {@code --table_only})
     */
    public record Settings(List<ObjectSource> sources, ExportSettings export, ReadOptions rawOptions,
                           ReadOptions inputOptions, Path baseDir, String tableFilename, int tableMargin,
                           boolean tableOnly) {
        public Settings {
            sources = List.copyOf(sources);
            Objects.requireNonNull(export, "export");
            Objects.requireNonNull(rawOptions, "rawOptions");
            Objects.requireNonNull(inputOptions, "inputOptions");
            Objects.requireNonNull(baseDir, "baseDir");
            if (tableOnly && tableFilename == null) {
                throw new IllegalArgumentException("--table_only needs a table file name (--table_filename)");
            }
            if (!tableOnly && sources.isEmpty() && tableFilename == null) {
                throw new IllegalArgumentException("nothing to export: choose an export source or a table");
            }
            if (sources.stream().distinct().count() != sources.size()) {
                throw new IllegalArgumentException("an export source is named twice: " + sources);
            }
            if (tableMargin < 0) throw new IllegalArgumentException("the table margin must be ≥ 0");
        }

        /** Whether the table is written per image (its name has per-image placeholders). */
        public boolean tablePerImage() {
            return tableFilename != null && (tableFilename.contains("{nickname}") || tableFilename.contains("{dataset_dir}"));
        }
    }

    /** What one image gave: the files written for it and its number of objects. */
    public record Outcome(String raw, List<Path> files, long objects) {
        public Outcome {
            files = List.copyOf(files);
        }
    }

    private final ObjectClassifier classifier;
    private final ObjectSegmentation segmentation;
    private final Settings settings;
    private final Workers workers;
    private final List<ObjectTable> tables = new ArrayList<>();
    private final List<ObjectTableFiles.Crop> crops = new ArrayList<>();

    public ObjectBatch(ObjectClassifier classifier, ObjectSegmentation segmentation, Settings settings, Workers workers) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.segmentation = Objects.requireNonNull(segmentation, "segmentation");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    /**
     * Reads {@code raw} and {@code input} (files or {@code file.h5/dataset}), classifies the objects and exports.
     *
     * @throws ImageFileException naming the file: unreadable input, inputs that do not fit each other or the
     *                            classifier, a failed write
     */
    public Outcome process(String raw, String input) throws IOException {
        return process(raw, input, null);
    }

    /**
     * As {@link #process(String, String)}, with the user's labels of this image (e.g. a training image of the
     * project) for the table's {@code User Label} column, or null.
     */
    public Outcome process(String raw, String input, ObjectAnnotations annotations) throws IOException {
        Image image = ImageFiles.read(raw, settings.rawOptions());
        Image second = ImageFiles.read(input, settings.inputOptions());
        ObjectResults results;
        try {
            results = ObjectResults.compute(raw, image, second, segmentation, classifier, annotations, workers);
        } catch (IllegalArgumentException e) {
            throw new ImageFileException(Path.of(raw), e.getMessage(), e);
        }
        ExportContext context = ExportContext.forInput(List.of(raw), image.axes(),
                settings.sources().isEmpty() ? "Object Predictions" : settings.sources().get(0).displayName(),
                settings.baseDir());
        ObjectTable table = ObjectTable.of(List.of(results));
        boolean h5 = settings.tableFilename() != null && ObjectTableFiles.isHdf5(Path.of(settings.tableFilename()));
        List<ObjectTableFiles.Crop> crop = h5 ? ObjectTableFiles.crops(results, settings.tableMargin()) : null;
        List<Path> written = new ArrayList<>();
        if (!settings.tableOnly()) {
            for (ObjectSource s : settings.sources()) {
                written.addAll(Exporter.export(results.image(s), context.withResultType(s.displayName()),
                        settings.export()));
            }
        }
        if (settings.tableFilename() != null) {
            if (settings.tablePerImage()) {
                written.add(writeTable(table, crop, tablePath(context)));
            } else {
                tables.add(table);
                if (crop != null) crops.addAll(crop);
            }
        }
        return new Outcome(raw, written, results.objectCount());
    }

    /**
     * Writes the batch's table (when the table is not per image) and returns it; empty when there is nothing to
     * write. Images that failed are not in it.
     */
    public List<Path> finish() throws IOException {
        if (settings.tableFilename() == null || settings.tablePerImage() || tables.isEmpty()) return List.of();
        Path file = tablePath(null);
        ObjectTable all = ObjectTable.concat(tables);
        boolean h5 = ObjectTableFiles.isHdf5(file);
        return List.of(writeTable(all, h5 ? crops : null, file));
    }

    private Path tablePath(ExportContext context) {
        String name = settings.tableFilename();
        if (context != null) {
            name = FilenameTemplate.fill(name, Map.of("dataset_dir", context.datasetDir().toString(), "nickname",
                    context.nickname()), "--table_filename");
        }
        Path p = Path.of(FilenameTemplate.expandHome(name));
        if (!p.isAbsolute()) p = settings.baseDir().resolve(p);
        return ObjectTableFiles.target(p.normalize());
    }

    private static Path writeTable(ObjectTable table, List<ObjectTableFiles.Crop> crops, Path file) throws IOException {
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        if (ObjectTableFiles.isHdf5(file)) ObjectTableFiles.writeHdf5(table, crops, file);
        else ObjectTableFiles.writeCsv(table, file);
        return file;
    }

}

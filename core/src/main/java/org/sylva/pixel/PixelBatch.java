package org.sylva.pixel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.export.ExportContext;
import org.sylva.export.ExportSettings;
import org.sylva.export.Exporter;
import org.sylva.image.Axes;
import org.sylva.image.Image;
import org.sylva.io.ImageFileException;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;

/**
 * Applies a trained classifier to one image after another and exports the chosen sources of each: ilastik's
 * headless batch mode (spec §4.4: "each input file: append lane → export → drop lane"), with several export sources
 * per run. One instance serves any number of images in one process, so nothing is paid per image but the work.
 */
public final class PixelBatch {

    /**
     * What to export and how.
     *
     * @param sources the export sources, each written with {@code export}'s settings ({@code {result_type}} tells
     *                them apart)
     * @param export the export settings (format, file name template, dtype …)
     * @param rawOptions how to read the images ({@code --input_axes}, {@code --stack_along})
     * @param maskOptions how to read the prediction masks
     * @param baseDir the folder relative output paths are resolved against
     * @param trainingAxes the axes of the training data in file order (e.g. {@code zyx}), or null: an image read
     *                     without explicit axes that has as many dimensions gets these axes, as ilastik forces
     *                     batch inputs to the training lane's axistags (spec §4.2)
     */
    public record Settings(List<PixelSource> sources, ExportSettings export, ReadOptions rawOptions,
                           ReadOptions maskOptions, Path baseDir, Axes trainingAxes) {

        /** Settings without training axes (every image keeps its own). */
        public Settings(List<PixelSource> sources, ExportSettings export, ReadOptions rawOptions,
                        ReadOptions maskOptions, Path baseDir) {
            this(sources, export, rawOptions, maskOptions, baseDir, null);
        }

        public Settings {
            sources = List.copyOf(sources);
            if (sources.isEmpty()) throw new IllegalArgumentException("no export source chosen");
            if (sources.stream().distinct().count() != sources.size()) {
                throw new IllegalArgumentException("an export source is named twice: " + sources);
            }
            Objects.requireNonNull(export, "export");
            Objects.requireNonNull(rawOptions, "rawOptions");
            Objects.requireNonNull(maskOptions, "maskOptions");
            Objects.requireNonNull(baseDir, "baseDir");
        }
    }

    /** What was written for one image: the files of each source, in the order of {@link Settings#sources}. */
    public record Outcome(String raw, List<List<Path>> files) {
        public Outcome {
            files = List.copyOf(files);
        }

        /** All files written for this image. */
        public List<Path> all() {
            List<Path> out = new ArrayList<>();
            for (List<Path> f : files) out.addAll(f);
            return out;
        }
    }

    private final PixelClassifier classifier;
    private final Settings settings;
    private final Workers workers;

    public PixelBatch(PixelClassifier classifier, Settings settings, Workers workers) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    /**
     * Reads {@code raw} (a file, {@code file.h5/dataset}, a glob or a list, as {@code --raw_data} takes them), and
     * its prediction mask if {@code mask} is not null, predicts, and exports every source.
     *
     * @throws ImageFileException naming the file: unreadable input, an image that does not fit the classifier
     *                            (channels, dimensionality), a mask of other extents, or a failed write (every
     *                            single export is all or nothing)
     */
    public Outcome process(String raw, String mask, Progress progress) throws IOException {
        Image image = ImageFiles.read(raw, settings.rawOptions());
        Axes forced = settings.trainingAxes();
        if (forced != null && settings.rawOptions().axes() == null && image.axes().size() == forced.size()
                && !image.axes().equals(forced)) {
            image = image.reinterpret(forced);
        }
        Image maskImage = mask == null ? null : ImageFiles.read(mask, settings.maskOptions());
        ExportContext context = ExportContext.forInput(List.of(raw), image.axes(),
                settings.sources().get(0).displayName(), settings.baseDir());
        List<List<Path>> written = new ArrayList<>();
        try {
            PixelResults results = new PixelResults(classifier, image, maskImage, null, workers, progress);
            for (PixelSource s : settings.sources()) {
                Image out = results.get(s);
                written.add(Exporter.export(out, context.withResultType(s.displayName()), settings.export()));
            }
        } catch (IllegalArgumentException e) {
            // the image does not fit the classifier (channels, dimensionality, too small for a scale) or the mask
            // does not fit the image: name the file; messages naming the image by name say "the image" instead
            String m = e.getMessage(), name = image.name();
            if (name != null && m.startsWith(name + " ")) m = "the image" + m.substring(name.length());
            throw new ImageFileException(Path.of(raw), m, e);
        }
        return new Outcome(raw, written);
    }
}

package org.sylva.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.export.ExportFormat;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.io.WriteOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.pixel.PixelBatch;
import org.sylva.pixel.PixelOutputs;
import org.sylva.pixel.PixelSource;
import org.sylva.pixel.PixelTraining;
import org.sylva.project.DataLane;
import org.sylva.project.ProjectFile;
import org.sylva.project.ProjectTraining;
import org.sylva.project.SparseLabels;
import org.sylva.project.SylvaProject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sylva demo}: the main job on the bundled demo image (the ImageJ "blobs" sample with hand-drawn
 * scribbles, CC BY 4.0): train a pixel classifier on the scribbles with ilastik's full feature set, export the
 * probabilities and the segmentation as ilastik's headless mode names them, and draw a picture to look at.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Trains a pixel classifier on the bundled demo image (ImageJ 'blobs' with scribbles), "
                + "exports probabilities and segmentation, and draws an overlay to look at.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "sylva-demo",
            description = "Folder for the results (created; default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    static final List<LabelClass> CLASSES = List.of(new LabelClass("background", 0x3060FF),
            new LabelClass("blob", 0xFFC000));

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        Path raw = extract("blobs.tif");
        Path scribbles = extract("blobs_annotations.tif");
        extract("README.md");
        Image image = ImageFiles.read(raw.toString());
        Image labels = ImageFiles.read(scribbles.toString());
        try (Workers w = threads == null ? Workers.allCores() : new Workers(threads)) {
            // the project: a reference to the image (not a copy), its labels, the features, the trained forest
            SylvaProject project = SylvaProject.create(List.of(DataLane.of(raw.toString(), ReadOptions.DEFAULT,
                    image)), FeatureSelection.all(), CLASSES).withSeed(42)
                    .withLabels(0, SparseLabels.fromImage(labels));
            ProjectTraining.Trained done = ProjectTraining.train(project, w, Progress.NONE);
            PixelTraining.Result trained = done.result();
            Path projectFile = out.resolve("blobs.sylva");
            ProjectFile.write(done.project(), projectFile, ProjectFile.SaveOptions.DEFAULT.withoutBackup().overwriting());
            long t0 = System.nanoTime();
            PixelBatch batch = new PixelBatch(trained.classifier(), new PixelBatch.Settings(
                    List.of(PixelSource.PROBABILITIES, PixelSource.SIMPLE_SEGMENTATION),
                    ExportSettings.DEFAULT.withFormat(ExportFormat.parse("tif")), ReadOptions.DEFAULT,
                    ReadOptions.DEFAULT, out), w);
            PixelBatch.Outcome outcome = batch.process(raw.toString(), null, Progress.NONE);
            double predictSeconds = (System.nanoTime() - t0) / 1e9;
            Image probabilities = ImageFiles.read(outcome.files().get(0).get(0).toString());
            Image segmentation = PixelOutputs.simpleSegmentation(probabilities);
            Path png = out.resolve("blobs_overlay.png");
            ImageFiles.write(Overlay.render(image, labels, probabilities, segmentation, CLASSES), png,
                    WriteOptions.DEFAULT);

            int[] perClass = trained.samplesPerClass();
            double oob = trained.classifier().forest().training().orElseThrow().oobAccuracy();
            System.out.printf("Demo image: %s (ImageJ 'blobs', 254×256, CC BY 4.0; see README.md there)%n", raw);
            System.out.printf("Trained on %,d labelled pixels (%s %,d, %s %,d) with ilastik's %d features and %d trees"
                            + " in %.2f s; out-of-bag accuracy %.1f%%.%n", trained.samples(), CLASSES.get(0).name(),
                    perClass[0], CLASSES.get(1).name(), perClass[1], trained.classifier().forest().featureCount(),
                    trained.classifier().forest().treeCount(), trained.featureSeconds() + trained.trainingSeconds(),
                    100 * oob);
            System.out.printf("Predicted and exported %,d pixels in %.2f s:%n", image.shape().y() * image.shape().x(),
                    predictSeconds);
            System.out.printf("  %s  per-class probabilities (float32, 2 channels)%n", outcome.files().get(0).get(0));
            System.out.printf("  %s  1 = background, 2 = blob%n", outcome.files().get(1).get(0));
            System.out.printf("  %s  labels | probabilities | segmentation: open it to look%n", png);
            System.out.printf("  %s  the project (image reference, labels, features, forest)%n", projectFile);
            System.out.printf("Apply it to more images the way ilastik's headless mode does:%n"
                    + "  ./sylva --headless --project=%s --export_source=\"Simple Segmentation\" --raw_data %s%n",
                    projectFile, raw);
        }
        return 0;
    }

    private Path extract(String name) throws IOException {
        Path target = out.resolve(name);
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) throw new IllegalStateException("demo resource missing: " + name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}

package org.sylva.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.TrainingReport;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.project.DataLane;
import org.sylva.project.ProjectFile;
import org.sylva.project.ProjectTraining;
import org.sylva.project.SparseLabels;
import org.sylva.project.SylvaProject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sylva train}: a Pixel Classification project from images and their label images — the project file keeps
 * references to the images (not copies), the labels, the features, the classes, the seed and the trained forest.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a pixel classifier from images and label images and saves it as a project.",
            "Label images: one channel, integers; 0 = unlabelled, k = class k (as ilastik's labels)."},
        footer = {"", "Examples:",
            "  sylva train --raw cells.tif --labels cells_labels.tif --class-names background,cell "
                + "--project cells.sylva",
            "  sylva train --raw a.tif --labels a_lab.tif --raw b.tif --labels b_lab.tif --features "
                + "GaussianSmoothing@1.0,HessianOfGaussianEigenvalues@3.5 --trees 50 --seed 7 --project p.sylva",
            "Then: sylva --headless --project=cells.sylva --export_source=\"Simple Segmentation\" --raw_data more/*.tif"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--raw", required = true, paramLabel = "IMAGE",
            description = "An image to train on (repeat for several; each needs its --labels, in the same order).")
    List<String> raws;

    @Option(names = "--labels", required = true, paramLabel = "LABELS",
            description = "The label image of the --raw at the same position: same size, one channel.")
    List<String> labelFiles;

    @Option(names = "--project", required = true, paramLabel = "FILE.sylva", description = "The project to write.")
    Path project;

    @Option(names = "--features", paramLabel = "LIST", defaultValue = "all",
            description = "'all' (ilastik's full set: 49 channels in 2D, 61 in 3D) or FeatureId@sigma,… "
                    + "(default: ${DEFAULT-VALUE}); see 'sylva features --help'.")
    String features;

    @Option(names = "--in2d", description = "Compute every scale slice by slice in 2D (anisotropic stacks).")
    boolean in2d;

    @Option(names = "--class-names", paramLabel = "A,B,…", split = ",",
            description = "Class names in label order (label 1 first); default: Label 1 … Label n.")
    List<String> classNames;

    @Option(names = {"--trees", "--tree-count"}, paramLabel = "N", defaultValue = "100",
            description = "Trees in the forest (default: ${DEFAULT-VALUE}, as ilastik).")
    int trees;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Random seed (default: ${DEFAULT-VALUE}); the same seed and labels give the same forest "
                    + "on any machine and thread count.")
    long seed;

    @Option(names = "--input-axes", paramLabel = "AXES",
            description = "The images' axes in file order (e.g. zyx, cyx); default: the file's, else a guess.")
    String axes;

    @Option(names = "--stack-along", paramLabel = "AXIS", defaultValue = "z",
            description = "Axis to stack a glob of 2D files along: z, t or c (default: ${DEFAULT-VALUE}).")
    char stackAlong;

    @Option(names = "--overwrite", description = "Replace an existing project file (its backup is kept as .bak).")
    boolean overwrite;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (raws.size() != labelFiles.size()) {
            throw new Main.UserError("give one --labels per --raw (got " + raws.size() + " images and "
                    + labelFiles.size() + " label images)");
        }
        if (trees < 1) throw new Main.UserError("--trees must be at least 1 (got " + trees + ")");
        if (!project.getFileName().toString().endsWith(ProjectFile.EXTENSION)) {
            throw new Main.UserError(project + ": a project file name must end in " + ProjectFile.EXTENSION);
        }
        if (Files.exists(project) && !overwrite) {
            throw new Main.UserError(project + ": exists; give --overwrite to replace it");
        }
        FeatureSelection selection;
        try {
            selection = FeatureSelection.parse(features);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError("--features " + features + ": " + e.getMessage());
        }
        if (in2d) selection = selection.in2d();
        ReadOptions options = new ReadOptions(axes, stackAlong);

        List<DataLane> lanes = new ArrayList<>();
        List<SparseLabels> labels = new ArrayList<>();
        int maxLabel = 0;
        for (int i = 0; i < raws.size(); i++) {
            Image raw = ImageFiles.read(raws.get(i), options);
            Image lab = ImageFiles.read(labelFiles.get(i));
            SparseLabels sparse;
            try {
                requireSameSize(raw, lab);
                sparse = SparseLabels.fromImage(lab);
            } catch (IllegalArgumentException e) {
                throw new Main.UserError(labelFiles.get(i) + ": " + e.getMessage());
            }
            lanes.add(DataLane.of(raws.get(i), options, raw));
            labels.add(sparse);
            maxLabel = Math.max(maxLabel, sparse.maxLabel());
        }
        if (maxLabel == 0) throw new Main.UserError("the label images hold no labels (all pixels are 0)");
        List<LabelClass> classes = classNames == null ? LabelClass.numbered(maxLabel) : LabelClass.named(classNames);
        if (maxLabel > classes.size()) {
            throw new Main.UserError("the labels use value " + maxLabel + " but --class-names names only "
                    + classes.size() + " classes");
        }
        SylvaProject p = SylvaProject.create(lanes, selection, classes).withSeed(seed).withTreeCount(trees);
        for (int i = 0; i < labels.size(); i++) p = p.withLabels(i, labels.get(i));

        ProjectTraining.Trained trained;
        try (Workers w = threads == null ? Workers.allCores() : new Workers(threads);
             ConsoleProgress progress = ConsoleProgress.open("training")) {
            trained = ProjectTraining.train(p, w, progress);
        }
        var r = trained.result();
        ProjectFile.SaveOptions save = overwrite ? ProjectFile.SaveOptions.DEFAULT.overwriting()
                : ProjectFile.SaveOptions.DEFAULT;
        ProjectFile.write(trained.project(), project, save);

        TrainingReport report = r.classifier().forest().training().orElseThrow();
        StringBuilder perClass = new StringBuilder();
        for (int k = 0; k < classes.size(); k++) {
            perClass.append(k == 0 ? "" : ", ").append(classes.get(k).name()).append(' ')
                    .append(String.format("%,d", r.samplesPerClass()[k]));
        }
        System.out.printf("Trained on %,d labelled pixels in %d image%s (%s)%n", r.samples(), raws.size(),
                raws.size() == 1 ? "" : "s", perClass);
        System.out.printf("%d features, %d trees, seed %d: features at the labels %.2f s, forest %.2f s%n",
                r.classifier().forest().featureCount(), trees, seed, r.featureSeconds(), r.trainingSeconds());
        System.out.printf("Out-of-bag accuracy: %.1f%%%n", 100 * report.oobAccuracy());
        List<String> names = trained.project().featureNames();
        double[] imp = report.giniImportance();
        Integer[] order = IntStream.range(0, imp.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> -imp[i]));
        System.out.println("Most important features (Gini):");
        for (int k = 0; k < Math.min(5, order.length); k++) {
            System.out.printf("  %.4f  %s%n", imp[order[k]], names.get(order[k]));
        }
        System.out.printf("Saved %s (%,d bytes)%n", project, Files.size(project));
        return 0;
    }

    private static void requireSameSize(Image raw, Image lab) {
        var a = raw.shape();
        var b = lab.shape();
        if (a.t() != b.t() || a.z() != b.z() || a.y() != b.y() || a.x() != b.x()) {
            throw new IllegalArgumentException("the label image is " + extents(b) + " but the image is "
                    + extents(a) + "; labels must have the image's size");
        }
    }

    private static String extents(org.sylva.image.Shape s) {
        StringBuilder b = new StringBuilder();
        if (s.t() > 1) b.append("t=").append(s.t()).append(' ');
        if (s.z() > 1) b.append("z=").append(s.z()).append(' ');
        return b.append("y=").append(s.y()).append(" x=").append(s.x()).toString();
    }
}

package org.sylva.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sylva.blockwise.Workers;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.ThresholdSettings;
import org.sylva.objects.classify.ObjectAnnotations;
import org.sylva.objects.classify.ObjectSegmentation;
import org.sylva.objects.classify.ObjectTraining;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.pixel.LabelClass;
import org.sylva.project.DataLane;
import org.sylva.project.ObjectLane;
import org.sylva.project.ObjectProject;
import org.sylva.project.ObjectProjectFile;
import org.sylva.project.ProjectFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sylva objects …}: Object Classification commands. */
@Command(name = "objects", mixinStandardHelpOptions = true,
        description = "Object Classification: objects from prediction maps, a segmentation or a label image, "
                + "classified by a random forest on object features.",
        subcommands = {ObjectsCommand.Train.class, CommandLine.HelpCommand.class})
final class ObjectsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    /**
     * {@code sylva objects train}: an Object Classification project from images, their objects (from prediction
     * maps, a segmentation or a label image) and object labels (a label image or a CSV of clicks).
     */
    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Trains an object classifier and saves it as a project.",
                "Objects: --prediction-maps (thresholded), --segmentation (connected components) or --label-image.",
                "Object labels: a label image drawn over the objects (each object takes the class most of its "
                    + "labelled pixels have; 0 = unlabelled) or a CSV of clicks with the header t,x,y,z,class."},
            footer = {"", "Examples:",
                "  sylva objects train --raw blobs.tif --label-image blobs_labeled.tif --object-labels strokes.tif "
                    + "--class-names elongated,small,round --project blobs.sylva",
                "  sylva objects train --raw cells.tif --prediction-maps cells_Probabilities.h5/exported_data "
                    + "--method hysteresis --threshold 0.5 --high 0.8 --sigma 1.0 --min-size 20 "
                    + "--object-labels clicks.csv --project cells.sylva",
                "Then: sylva --headless --project=cells.sylva --raw_data more.tif "
                    + "--prediction_maps more_Probabilities.h5 --export_source=\"Object Predictions\" "
                    + "--table_filename=objects.csv"})
    static final class Train implements Callable<Integer> {

        @Option(names = "--raw", required = true, paramLabel = "IMAGE",
                description = "Raw data (repeat for several images, each with its own object input and labels).")
        List<String> raws;

        @Option(names = {"--prediction-maps", "--prediction_maps"}, paramLabel = "MAPS",
                description = "Pixel prediction maps of each --raw (thresholded into objects).")
        List<String> predictionMaps = new ArrayList<>();

        @Option(names = {"--segmentation", "--segmentation_image"}, paramLabel = "SEG",
                description = "A binary segmentation of each --raw (objects = connected components).")
        List<String> segmentations = new ArrayList<>();

        @Option(names = {"--label-image", "--label_image"}, paramLabel = "LABELS",
                description = "A label image of each --raw (objects = its distinct non-zero values).")
        List<String> labelImages = new ArrayList<>();

        @Option(names = "--object-labels", required = true, paramLabel = "LABELS.tif|CLICKS.csv",
                description = "Object labels of each --raw: a label image or a CSV of t,x,y,z,class clicks.")
        List<String> objectLabels;

        @Option(names = "--method", paramLabel = "METHOD", defaultValue = "simple",
                description = "Threshold method: simple, hysteresis or no-merge (default: ${DEFAULT-VALUE}).")
        String method;

        @Option(names = "--threshold", paramLabel = "T", defaultValue = "0.5",
                description = "The (low) threshold (default: ${DEFAULT-VALUE}).")
        double threshold;

        @Option(names = "--high", paramLabel = "T", defaultValue = "0.8",
                description = "The core threshold of hysteresis and no-merge (default: ${DEFAULT-VALUE}).")
        double high;

        @Option(names = "--channel", paramLabel = "C", defaultValue = "0",
                description = "Prediction channel thresholded (default: ${DEFAULT-VALUE}).")
        int channel;

        @Option(names = "--core-channel", paramLabel = "C",
                description = "Channel of the cores (default: --channel).")
        Integer coreChannel;

        @Option(names = "--sigma", paramLabel = "S|Z,Y,X", defaultValue = "1.0",
                description = "Gaussian smoothing before thresholding, in pixels, one or per axis z,y,x "
                        + "(default: ${DEFAULT-VALUE}; 0 = none).")
        String sigma;

        @Option(names = "--min-size", paramLabel = "N", defaultValue = "10",
                description = "Smallest object kept, in pixels (default: ${DEFAULT-VALUE}).")
        long minSize;

        @Option(names = "--max-size", paramLabel = "N", defaultValue = "1000000",
                description = "Largest object kept, in pixels (default: ${DEFAULT-VALUE}).")
        long maxSize;

        @Option(names = "--features", paramLabel = "standard|all|LIST", defaultValue = "standard",
                description = "Object features: standard (default), all, or names, e.g. "
                        + "Count,Mean,Variance,\"Mean in neighborhood@30x30\",\"2D Convex Hull Features:Convexity\".")
        String features;

        @Option(names = "--class-names", paramLabel = "A,B,…", split = ",",
                description = "Class names in label order; default: the names in the clicks, else Label 1 … n.")
        List<String> classNames;

        @Option(names = {"--trees", "--tree-count"}, paramLabel = "N", defaultValue = "100",
                description = "Trees (default: ${DEFAULT-VALUE}).")
        int trees;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Random seed (default: 0).")
        long seed;

        @Option(names = "--input-axes", paramLabel = "AXES", description = "Axes of the raw data in file order.")
        String axes;

        @Option(names = "--project", required = true, paramLabel = "FILE.sylva", description = "The project to write.")
        Path project;

        @Option(names = "--overwrite", description = "Replace an existing project file.")
        boolean overwrite;

        @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            int given = (predictionMaps.isEmpty() ? 0 : 1) + (segmentations.isEmpty() ? 0 : 1)
                    + (labelImages.isEmpty() ? 0 : 1);
            if (given != 1) {
                throw new Main.UserError("give exactly one of --prediction-maps, --segmentation, --label-image");
            }
            List<String> inputs = !predictionMaps.isEmpty() ? predictionMaps : !segmentations.isEmpty()
                    ? segmentations : labelImages;
            if (inputs.size() != raws.size() || objectLabels.size() != raws.size()) {
                throw new Main.UserError("give one object input and one --object-labels per --raw (got "
                        + raws.size() + " images, " + inputs.size() + " object inputs, " + objectLabels.size()
                        + " object labels)");
            }
            if (trees < 1) throw new Main.UserError("--trees must be at least 1 (got " + trees + ")");
            if (!project.getFileName().toString().endsWith(ProjectFile.EXTENSION)) {
                throw new Main.UserError(project + ": a project file name must end in " + ProjectFile.EXTENSION);
            }
            if (Files.exists(project) && !overwrite) {
                throw new Main.UserError(project + ": exists; give --overwrite to replace it");
            }
            ObjectSegmentation segmentation = segmentation();
            ReadOptions options = new ReadOptions(axes, 'z');
            List<String> names = classNames == null ? new ArrayList<>() : new ArrayList<>(classNames);
            List<ObjectTraining.Sample> samples = new ArrayList<>();
            List<ObjectLane> lanes = new ArrayList<>();
            ObjectFeatureSelection selection = null;
            long start = System.nanoTime();
            try (Workers w = threads == null ? Workers.allCores() : new Workers(threads)) {
                for (int i = 0; i < raws.size(); i++) {
                    Image raw = ImageFiles.read(raws.get(i), options);
                    Image input = ImageFiles.read(inputs.get(i));
                    ObjectLabels objects;
                    try {
                        objects = segmentation.objects(raw, input, w);
                    } catch (IllegalArgumentException e) {
                        throw new Main.UserError(inputs.get(i) + ": " + e.getMessage());
                    }
                    if (objects.total() == 0) {
                        throw new Main.UserError(inputs.get(i) + ": no objects found (the " + segmentation.kind()
                                .description() + " is empty" + (segmentation.kind()
                                == ObjectSegmentation.Kind.PREDICTION_MAPS ? " at threshold " + threshold + ")" : ")"));
                    }
                    ObjectAnnotations a = annotations(objectLabels.get(i), objects, names);
                    if (selection == null) {
                        int dims = raw.shape().z() > 1 ? 3 : 2;
                        try {
                            selection = ObjectFeatureSelection.parse(features, dims, raw.shape().c());
                        } catch (IllegalArgumentException e) {
                            throw new Main.UserError("--features " + features + ": " + e.getMessage());
                        }
                    }
                    samples.add(new ObjectTraining.Sample(raws.get(i), raw, objects, a));
                    lanes.add(new ObjectLane(DataLane.of(raws.get(i), options, raw),
                            DataLane.of(inputs.get(i), ReadOptions.DEFAULT, input), a));
                    System.out.printf("%s: %,d objects, %d labelled%n", raws.get(i), objects.total(), a.size());
                }
                int maxLabel = 0;
                for (ObjectTraining.Sample s : samples) maxLabel = Math.max(maxLabel, s.annotations().maxLabel());
                List<LabelClass> classes = names.isEmpty() ? LabelClass.numbered(maxLabel) : LabelClass.named(names);
                if (maxLabel > classes.size()) {
                    throw new Main.UserError("the object labels use class " + maxLabel + " but --class-names names only "
                            + classes.size() + " classes");
                }
                ObjectTraining.Result r;
                try {
                    r = ObjectTraining.train(samples, selection, classes,
                            TrainingOptions.defaults().withSeed(seed).withTreeCount(trees), w);
                } catch (IllegalArgumentException e) {
                    throw new Main.UserError("cannot train: " + e.getMessage());
                }
                for (ObjectAnnotations.Unmapped u : r.unmapped()) System.err.println("sylva: warning: " + u);
                ObjectProject p = ObjectProject.create(lanes, segmentation, selection, classes).withSeed(seed)
                        .withTreeCount(trees);
                p = p.withForest(r.classifier());
                ProjectFile.SaveOptions save = overwrite ? ProjectFile.SaveOptions.DEFAULT.overwriting()
                        : ProjectFile.SaveOptions.DEFAULT;
                ObjectProjectFile.write(p, project, save);
                int[] per = r.trained().perClass();
                StringBuilder b = new StringBuilder();
                for (int k = 1; k <= classes.size(); k++) {
                    b.append(k == 1 ? "" : ", ").append(classes.get(k - 1).name()).append(' ').append(per[k]);
                }
                System.out.printf("Trained on %d labelled objects (%s)%n", r.trained().samples(), b);
                System.out.printf("%d feature values per object, %d trees, seed %d, %.2f s%n",
                        r.classifier().forest().featureCount(), trees, seed, (System.nanoTime() - start) / 1e9);
                System.out.printf("Out-of-bag accuracy: %.1f%%%n", 100 * r.trained().oobAccuracy());
                if (!r.trained().badObjects().isEmpty()) {
                    System.out.printf("%d objects had missing feature values (set to 0)%n", r.trained().badObjects().size());
                }
                System.out.printf("Saved %s (%,d bytes)%n", project, Files.size(project));
            }
            return 0;
        }

        private ObjectSegmentation segmentation() {
            if (!segmentations.isEmpty()) return ObjectSegmentation.binary();
            if (!labelImages.isEmpty()) return ObjectSegmentation.labelImage();
            ThresholdSettings.Method m = switch (method.toLowerCase(Locale.ROOT)) {
                case "simple" -> ThresholdSettings.Method.SIMPLE;
                case "hysteresis" -> ThresholdSettings.Method.HYSTERESIS;
                case "no-merge", "nomerge", "ipht" -> ThresholdSettings.Method.NO_MERGE;
                default -> throw new Main.UserError("--method " + method + ": expected simple, hysteresis or no-merge");
            };
            double[] s;
            try {
                String[] parts = sigma.split(",");
                if (parts.length == 1) {
                    double v = Double.parseDouble(parts[0].trim());
                    s = new double[] {v, v, v};
                } else if (parts.length == 3) {
                    s = new double[3];
                    for (int i = 0; i < 3; i++) s[i] = Double.parseDouble(parts[i].trim());
                } else {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new Main.UserError("--sigma " + sigma + ": expected one number or z,y,x");
            }
            try {
                return ObjectSegmentation.predictionMaps(new ThresholdSettings(m, threshold, high, s[0], s[1], s[2],
                        channel, coreChannel == null ? channel : coreChannel, minSize, maxSize));
            } catch (IllegalArgumentException e) {
                throw new Main.UserError(e.getMessage());
            }
        }

        private static ObjectAnnotations annotations(String spec, ObjectLabels objects, List<String> names)
                throws java.io.IOException {
            if (spec.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                List<ObjectAnnotations.Click> clicks = ObjectAnnotations.readClicks(Path.of(spec));
                List<String> all = new ArrayList<>();
                try {
                    int[] k = ObjectAnnotations.classesOf(clicks, names, all);
                    ObjectAnnotations a = ObjectAnnotations.fromClicks(objects, clicks, k, spec);
                    if (!all.isEmpty()) {
                        names.clear();
                        names.addAll(all);
                    }
                    return a;
                } catch (IllegalArgumentException e) {
                    throw new Main.UserError(spec + ": " + e.getMessage());
                }
            }
            Image lab = ImageFiles.read(spec);
            try {
                return ObjectAnnotations.fromLabelImage(objects, lab);
            } catch (IllegalArgumentException e) {
                throw new Main.UserError(spec + ": " + e.getMessage());
            }
        }
    }
}

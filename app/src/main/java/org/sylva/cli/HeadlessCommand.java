package org.sylva.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sylva.blockwise.Workers;
import org.sylva.export.ExportFlags;
import org.sylva.export.ExportSettings;
import org.sylva.forest.TrainingReport;
import org.sylva.image.Axes;
import org.sylva.io.AtomicOutput;
import org.sylva.io.ReadOptions;
import org.sylva.pixel.PixelBatch;
import org.sylva.pixel.PixelClassifier;
import org.sylva.pixel.PixelSource;
import org.sylva.project.DataLane;
import org.sylva.project.ProjectFile;
import org.sylva.project.ProjectTraining;
import org.sylva.project.Projects;
import org.sylva.project.SylvaProject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * ilastik's headless batch mode ({@code run_ilastik.sh --headless …}, spec §4): applies a project's classifier to
 * images given on the command line and exports the chosen sources, with ilastik's flags, so that an ilastik batch
 * script works by swapping the executable. {@code sylva --headless …} runs this command.
 *
 * <p>Beyond ilastik: several {@code --export_source}s in one run; one image failing does not stop the others (the
 * run ends with exit code 1 and a list of failures; {@code --fail-fast} stops at the first); all images go
 * through one process.
 */
@Command(name = "headless", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Applies a project's pixel classifier to images and exports the results, with ilastik's "
                + "headless flags (also: sylva --headless …).",
            "Export sources: Probabilities (default), Simple Segmentation, Uncertainty, Features, Labels."},
        footer = {"", "Examples:",
            "  sylva --headless --project=cells.sylva --export_source=\"Simple Segmentation\" --output_format=tif "
                + "--raw_data img1.tif img2.tif",
            "  sylva --headless --project=MyProject.ilp --export_source=Probabilities --export_dtype=uint8 "
                + "--pipeline_result_drange=\"(0.0,1.0)\" --export_drange=\"(0,255)\" "
                + "--output_filename_format=\"{dataset_dir}/results/{nickname}_{result_type}\" --raw_data data/*.tif",
            "  sylva --headless --project=cells.sylva --export_source=Probabilities --export_source=\"Simple "
                + "Segmentation\" --raw_data stack.h5/volume --input_axes=zyx",
            "",
            "Accepted and ignored (ilastik's process options): --readonly (except with --retrain), --debug, "
                + "--logfile, --redirect_output, --process_name, --configfile, --clean_paths, --preconvert_stacks.",
            "Threads: --threads, else $LAZYFLOW_THREADS, else all cores."})
final class HeadlessCommand implements Callable<Integer> {

    @Option(names = "--project", required = true, paramLabel = "FILE",
            description = "The project: a Sylva project (.sylva) or an ilastik Pixel Classification or Object "
                    + "Classification project (.ilp).")
    Path project;

    @Option(names = {"--raw_data", "--raw-data"}, arity = "1..*", paramLabel = "IMAGE",
            description = "Images to process, one after another: files, file.h5/dataset, globs, or stacks "
                    + "(files joined by ':').")
    List<String> rawData = new ArrayList<>();

    @Option(names = {"--prediction_maps", "--prediction-maps"}, arity = "1..*", paramLabel = "MAPS",
            description = "Object Classification: the prediction maps of each image (projects from prediction maps).")
    List<String> predictionMaps = new ArrayList<>();

    @Option(names = {"--segmentation_image", "--segmentation-image"}, arity = "1..*", paramLabel = "SEG",
            description = "Object Classification: the binary segmentation of each image.")
    List<String> segmentationImages = new ArrayList<>();

    @Option(names = {"--label_image", "--label-image"}, arity = "1..*", paramLabel = "LABELS",
            description = "Object Classification: the label image of each image.")
    List<String> labelImages = new ArrayList<>();

    @Option(names = {"--table_filename", "--table-filename"}, paramLabel = "FILE",
            description = "Object Classification: write the object table (.csv → <name>_table.csv, as ilastik; "
                    + ".h5 with object crops). With {nickname} or {dataset_dir}: one table per image, else one for "
                    + "all images with a source_file column.")
    String tableFilename;

    @Option(names = {"--table_only", "--table-only"},
            description = "Object Classification: export only the object table.")
    boolean tableOnly;

    @Option(names = "--table_margin", paramLabel = "N", defaultValue = "0", hidden = true,
            description = "Pixels around each object in the crops of an HDF5 table.")
    int tableMargin;

    @Option(names = "--export_object_prediction_img", hidden = true) boolean exportObjectPredictionImg;
    @Option(names = "--export_object_probability_img", hidden = true) boolean exportObjectProbabilityImg;

    @Option(names = {"--prediction_mask", "--prediction-mask"}, arity = "1..*", paramLabel = "MASK",
            description = "One prediction mask per image: pixels where the mask is 0 get probability 0.")
    List<String> masks = new ArrayList<>();

    @Parameters(paramLabel = "IMAGE", description = "Images, when no --raw_data is given (as ilastik).")
    List<String> bare = new ArrayList<>();

    @Option(names = {"--input_axes", "--input-axes"}, paramLabel = "AXES[,AXES]",
            description = "Axes of the images (and of the masks, after a comma), e.g. zyx or tyx,tyx; default: "
                    + "those of the project's training images when the dimensions match, else the file's.")
    String inputAxes;

    @Option(names = {"--stack_along", "--stack-along"}, paramLabel = "AXIS", defaultValue = "z",
            description = "Axis that stacks of 2D files are stacked along: z, t or c (default: ${DEFAULT-VALUE}).")
    char stackAlong;

    @Option(names = "--ignore_training_axistags",
            description = "Use each file's own axes instead of the training images' axes.")
    boolean ignoreTrainingAxes;

    @Option(names = {"--export_source", "--export-source"}, paramLabel = "NAME",
            description = "What to export (repeat for several): Probabilities, \"Simple Segmentation\", "
                    + "Uncertainty, Features, Labels (case-insensitive; default: Probabilities).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--output_format", paramLabel = "FORMAT",
            description = "hdf5, compressed hdf5 (default), numpy, tif (multipage tiff), png, jpg, "
                    + "'tif sequence', 'png sequence', 'multipage tiff sequence'.")
    String outputFormat;

    @Option(names = "--output_filename_format", paramLabel = "TEMPLATE",
            description = "Output file name with {dataset_dir}, {nickname}, {result_type}, {slice_index}, {roi}, "
                    + "{x_start} …; default: the project's, else {dataset_dir}/{nickname}_{result_type}. Missing "
                    + "folders are created.")
    String outputFilename;

    @Option(names = "--output_internal_path", paramLabel = "PATH",
            description = "Dataset path inside HDF5 outputs (default: exported_data).")
    String internalPath;

    @Option(names = "--export_dtype", paramLabel = "TYPE",
            description = "uint8, uint16, uint32, int8, int16, int32, float32, float64 (plain cast unless both "
                    + "dranges are given).")
    String dtype;

    @Option(names = "--output_axis_order", paramLabel = "AXES", description = "e.g. tzyxc, yxc, cyx.")
    String axisOrder;

    @Option(names = "--pipeline_result_drange", paramLabel = "(MIN,MAX)",
            description = "The range the results are mapped from, e.g. \"(0.0,1.0)\" (needs --export_drange).")
    String pipelineRange;

    @Option(names = "--export_drange", paramLabel = "(MIN,MAX)",
            description = "The range the results are mapped to, e.g. \"(0,255)\".")
    String exportRange;

    @Option(names = "--cutout_subregion", paramLabel = "[(START…),(STOP…)]",
            description = "Export only this region, in the result's axis order (e.g. yxc); None = whole axis.")
    String cutout;

    @Option(names = "--retrain", description = "Retrain the classifier from the project's labels first "
            + "(saved with --readonly false).")
    boolean retrain;

    @Option(names = {"--tree-count", "--tree_count"}, paramLabel = "N",
            description = "Trees of a classifier trained now (a different count retrains).")
    Integer treeCount;

    @Option(names = {"--variable-importance-path", "--variable_importance_path"}, paramLabel = "DIR",
            description = "When a classifier is trained, write its feature importances to DIR/varimp.txt.")
    Path varimpDir;

    @Option(names = "--readonly", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "With --retrain: 'false' saves the retrained project (default in headless mode: true).")
    String readonly;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads.")
    Integer threads;

    @Option(names = "--fail-fast", description = "Stop at the first image that fails (default: go on, exit 1).")
    boolean failFast;

    // ilastik process options: accepted so that scripts run unchanged, without effect here
    @Option(names = "--debug", hidden = true) boolean debug;
    @Option(names = "--clean_paths", hidden = true) boolean cleanPaths;
    @Option(names = "--preconvert_stacks", hidden = true) boolean preconvert;
    @Option(names = {"--logfile", "--redirect_output", "--process_name", "--configfile"}, hidden = true)
    List<String> ignoredValues;

    // ilastik options Sylva does not offer: named in an error rather than "unknown option"
    private static final String[] UNSUPPORTED = {"--label-proportion", "--label-search-value",
        "--random-label-value", "--random-label-count", "--distributed_block_roi", "--workflow",
        "--print-labels-by-slice", "--generate-random-labels", "--distributed", "--new_project"};
    @Option(names = {"--label-proportion", "--label-search-value", "--random-label-value", "--random-label-count",
        "--distributed_block_roi", "--workflow"}, hidden = true)
    String unsupportedValue;
    @Option(names = {"--print-labels-by-slice", "--generate-random-labels", "--distributed", "--new_project"},
            hidden = true)
    boolean unsupportedFlag;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        refuseUnsupported();
        List<String> inputs = rawData.isEmpty() ? bare : rawData;
        if (!rawData.isEmpty() && !bare.isEmpty()) {
            throw new Main.UserError("unexpected argument " + bare.get(0) + " (the images are the --raw_data list)");
        }
        if (ObjectHeadless.applies(this)) return new ObjectHeadless(this, inputs).run();
        if (inputs.isEmpty() && !retrain) {
            throw new Main.UserError("no images to process: give --raw_data IMAGE …");
        }
        if (!masks.isEmpty() && masks.size() != inputs.size()) {
            throw new Main.UserError("give one --prediction_mask per image (got " + inputs.size() + " images and "
                    + masks.size() + " masks)");
        }
        String[] axes = inputAxes == null ? new String[0] : inputAxes.split(",", -1);
        if (axes.length > 2) throw new Main.UserError("--input_axes " + inputAxes + ": at most two roles (images,"
                + " masks)");
        ReadOptions rawOptions = new ReadOptions(axes.length > 0 ? axes[0] : null, stackAlong);
        ReadOptions maskOptions = new ReadOptions(axes.length > 1 ? axes[1] : null, stackAlong);
        List<PixelSource> chosen = new ArrayList<>();
        for (String s : sources) for (String part : s.split(",")) chosen.add(PixelSource.parse(part));
        if (chosen.isEmpty()) chosen.add(PixelSource.PROBABILITIES);

        Opened opened = open(project);
        SylvaProject p = opened.project();
        ExportSettings export = ExportFlags.apply(p.export(), exportFlags());
        if (chosen.size() > 1 && !export.filenameTemplate().contains("{result_type}")) {
            throw new Main.UserError("--output_filename_format " + export.filenameTemplate() + ": several export "
                    + "sources need {result_type} in the file name, or they would overwrite each other");
        }
        Path baseDir = outputFilename != null ? Path.of("").toAbsolutePath() : opened.folder();

        long start = System.nanoTime();
        int failures = 0, files = 0;
        List<String> failed = new ArrayList<>();
        try (Workers w = workers()) {
            PixelClassifier classifier = classifier(opened, w);
            Axes training = ignoreTrainingAxes || rawOptions.axes() != null ? null : trainingAxes(p);
            PixelBatch batch = new PixelBatch(classifier, new PixelBatch.Settings(chosen, export, rawOptions,
                    maskOptions, baseDir, training), w);
            for (int i = 0; i < inputs.size(); i++) {
                String raw = inputs.get(i);
                long t0 = System.nanoTime();
                try (ConsoleProgress progress = ConsoleProgress.open(shortName(raw))) {
                    PixelBatch.Outcome out = batch.process(raw, masks.isEmpty() ? null : masks.get(i), progress);
                    files += out.all().size();
                    System.out.printf("[%d/%d] %s -> %s (%.2f s)%n", i + 1, inputs.size(), raw,
                            String.join(", ", out.all().stream().map(Path::toString).toList()),
                            (System.nanoTime() - t0) / 1e9);
                } catch (IOException | IllegalArgumentException e) {
                    failures++;
                    reportFailure(failed, raw, e);
                    if (failFast) break;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int done = inputs.size() - failures;
        if (!inputs.isEmpty()) {
            System.out.printf("Exported %d file%s for %d of %d image%s in %.2f s%s%n", files, files == 1 ? "" : "s",
                    done, inputs.size(), inputs.size() == 1 ? "" : "s", seconds,
                    done > 0 ? String.format(" (%.2f s per image)", seconds / Math.max(1, done)) : "");
        }
        if (failures > 0) {
            System.err.printf("sylva: %d image%s failed:%n", failures, failures == 1 ? "" : "s");
            for (String f : failed) System.err.println("  " + f);
            return Main.ERROR;
        }
        return 0;
    }

    /** A project as opened: the Sylva form, where it came from, and whether it can be saved back. */
    record Opened(SylvaProject project, Path file, boolean sylva) {
        Path folder() {
            Path abs = file.toAbsolutePath();
            return abs.getParent() == null ? abs : abs.getParent();
        }
    }

    private static Opened open(Path file) throws IOException {
        Projects.Opened opened = Projects.open(file);
        for (String w : opened.warnings()) System.err.println("sylva: warning: " + w);
        return new Opened(opened.project(), file, !opened.ilp());
    }

    /** The project's classifier; trained first when asked (--retrain, --tree-count) or when there is none. */
    private PixelClassifier classifier(Opened opened, Workers w) throws IOException {
        SylvaProject p = opened.project();
        if (treeCount != null && treeCount != p.treeCount()) {
            if (treeCount < 1) throw new Main.UserError("--tree-count must be at least 1 (got " + treeCount + ")");
            p = p.withTreeCount(treeCount);
        }
        var current = p.classifier();
        if (current.isPresent() && !retrain) return current.get();
        if (!retrain) {
            System.err.println("sylva: warning: " + opened.file() + " has no up-to-date classifier; training one "
                    + "from its labels");
        }
        ProjectTraining.Trained trained;
        try (ConsoleProgress progress = ConsoleProgress.open("training")) {
            trained = ProjectTraining.train(p, w, progress);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(opened.file() + ": cannot train: " + e.getMessage());
        }
        var r = trained.result();
        TrainingReport report = r.classifier().forest().training().orElseThrow();
        System.out.printf("Trained %d trees on %,d labelled pixels in %.2f s; out-of-bag accuracy %.1f%%%n",
                r.classifier().forest().treeCount(), r.samples(), r.featureSeconds() + r.trainingSeconds(),
                100 * report.oobAccuracy());
        if (varimpDir != null) writeImportance(trained.project(), report);
        boolean save = readonly != null && List.of("false", "0", "no", "off").contains(readonly.toLowerCase(Locale.ROOT));
        if (save && opened.sylva()) {
            ProjectFile.write(trained.project(), opened.file());
            System.out.println("Saved " + opened.file());
        } else if (retrain) {
            System.err.println("sylva: warning: the retrained classifier was not saved (" + (opened.sylva()
                    ? "read-only: give --readonly false to save it" : "Sylva does not write .ilp files; 'sylva "
                    + "import' turns the project into a .sylva") + ")");
        }
        return r.classifier();
    }

    /** ilastik's {@code varimp.txt}: one line per feature, tab-separated name and importances. */
    private void writeImportance(SylvaProject p, TrainingReport report) throws IOException {
        List<String> names = p.featureNames();
        double[] gini = report.giniImportance(), perm = report.permutationImportance();
        StringBuilder b = new StringBuilder("feature\tgini_importance")
                .append(perm.length > 0 ? "\tpermutation_importance" : "").append('\n');
        for (int f = 0; f < gini.length; f++) {
            b.append(f < names.size() ? names.get(f) : "feature " + f).append('\t').append(gini[f]);
            if (perm.length > 0) b.append('\t').append(perm[f]);
            b.append('\n');
        }
        Files.createDirectories(varimpDir);
        Path target = varimpDir.resolve("varimp.txt");
        AtomicOutput.write(target, tmp -> Files.writeString(tmp, b, StandardCharsets.UTF_8));
        System.out.println("Feature importances: " + target);
    }

    /** The axes of the project's last lane (ilastik forces batch inputs to them), or null without lanes. */
    private static Axes trainingAxes(SylvaProject p) {
        List<DataLane> lanes = p.lanes();
        return lanes.isEmpty() ? null : lanes.get(lanes.size() - 1).axes();
    }

    Map<String, String> exportFlags() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, ExportFlags.OUTPUT_FORMAT, outputFormat);
        put(m, ExportFlags.OUTPUT_FILENAME_FORMAT, outputFilename);
        put(m, ExportFlags.OUTPUT_INTERNAL_PATH, internalPath);
        put(m, ExportFlags.EXPORT_DTYPE, dtype);
        put(m, ExportFlags.OUTPUT_AXIS_ORDER, axisOrder);
        put(m, ExportFlags.PIPELINE_RESULT_DRANGE, pipelineRange);
        put(m, ExportFlags.EXPORT_DRANGE, exportRange);
        put(m, ExportFlags.CUTOUT_SUBREGION, cutout);
        return m;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) m.put(k, v);
    }

    Workers workers() {
        if (threads != null) {
            if (threads < 1) throw new Main.UserError("--threads must be at least 1");
            return new Workers(threads);
        }
        String env = System.getenv("LAZYFLOW_THREADS");
        if (env != null && env.matches("\\s*[1-9][0-9]*\\s*")) return new Workers(Integer.parseInt(env.trim()));
        return Workers.allCores();
    }

    private void refuseUnsupported() {
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            for (String name : UNSUPPORTED) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    throw new Main.UserError(name + " is an ilastik option Sylva does not support");
                }
            }
        }
    }

    /** Records and prints one input's failure, its message starting with the input's name. */
    static void reportFailure(List<String> failed, String raw, Exception e) {
        String message = e.getMessage();
        failed.add(message.startsWith(raw) ? message : raw + ": " + message);
        System.err.println("sylva: error: " + failed.get(failed.size() - 1));
    }

    static String shortName(String raw) {
        int slash = raw.lastIndexOf('/');
        return slash >= 0 && slash < raw.length() - 1 ? raw.substring(slash + 1) : raw;
    }
}

package org.sylva.project.ilp;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.RandomForest;
import org.sylva.forest.VigraForests;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.DataPath;
import org.sylva.io.Hdf5Format;
import org.sylva.io.ImageFileException;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.io.WriteOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.project.DataFile;
import org.sylva.project.DataLane;
import org.sylva.project.Fingerprint;
import org.sylva.project.ProjectInfo;
import org.sylva.project.SparseLabels;
import org.sylva.project.SylvaProject;

/**
 * Converts an ilastik Pixel Classification project ({@link IlpReader#read}) into a Sylva project (spec §6.7): data
 * lanes become references to the same files, labels become {@link SparseLabels} voxel for voxel, and the feature
 * selection, classes with their colours, export settings and tree count are carried over. ilastik's stored forest
 * is kept — and offered by {@link SylvaProject#classifier()} — when its feature names are the channels the
 * project's selection gives for its images; ilastik's forests are seeded from the clock, so a dropped one cannot be
 * trained again to the same model, and the report says what happened to it.
 *
 * <pre>{@code
 * IlpImport.Imported im = IlpImport.convert(IlpReader.read(ilp), IlpImport.Options.besideProject(target, false));
 * im.report().forEach(System.out::println);
 * ProjectFile.write(im.project(), target);
 * }</pre>
 *
 * <p>What cannot be carried over is never silent: every such thing is a line of the {@link Imported#report()}.
 * <ul>
 *   <li>Raw data that is not found (or cannot be read) does not stop the import — the labels are the user's work.
 *       The lane keeps the stored path, shape and axes, an {@linkplain Fingerprint#unverified() unverified}
 *       fingerprint and the state {@link DataLane.State#MISSING}; a {@code .sylva} made from it finds the file
 *       later at the stored place or beside the project. Only projects of ilastik before 1.3.3, which store no
 *       lane shape, need the data to be imported.</li>
 *   <li>Data stored inside the {@code .ilp} ("copy into project") cannot be referenced by a {@code .sylva}: it is
 *       written as an HDF5 file ({@code <lane>.h5/data}) to {@link Options#dataFolder()}.</li>
 *   <li>Prediction masks, {@code PmapColors} that differ from the label colours, and the project's workflow
 *       arguments are not part of a Sylva project.</li>
 * </ul>
 */
public final class IlpImport {

    /** Dataset name of project-internal data written out as HDF5. */
    static final String DATASET = "data";
    /** The type a lane whose data is missing records: the {@code .ilp} stores none (not checked on reading). */
    private static final DType UNKNOWN_TYPE = DType.UINT8;

    /**
     * The result of an import.
     *
     * @param project the Sylva project (its lanes reference the ilastik project's data; not saved yet)
     * @param report what the user should know, one line each: data found elsewhere, missing or extracted, what was
     *               not carried over, what happened to the stored classifier
     */
    public record Imported(SylvaProject project, List<String> report) {
        public Imported {
            Objects.requireNonNull(project, "project");
            report = List.copyOf(report);
        }
    }

    /**
     * How to import.
     *
     * @param dataFolder where data stored inside the {@code .ilp} is written (created only if there is such data)
     * @param overwrite replace files already in {@code dataFolder} (from an earlier import) instead of refusing
     */
    public record Options(Path dataFolder, boolean overwrite) {
        public Options {
            Objects.requireNonNull(dataFolder, "dataFolder");
        }

        /** Project-internal data goes to {@code <name>_data/} beside the {@code .sylva} file {@code target}. */
        public static Options besideProject(Path target, boolean overwrite) {
            Path abs = target.toAbsolutePath();
            String name = abs.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return new Options(abs.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "_data"), overwrite);
        }
    }

    private IlpImport() {}

    /**
     * Converts {@code ilp}. Reads every lane's raw data that can be found (for its shape, type and fingerprint, and
     * to write out project-internal data).
     *
     * @throws IlpException if a label block does not fit its lane, a lane's data is missing in a project that does
     *                      not store its shape, or the data is remote (a URL) or project-internal but absent
     * @throws FileAlreadyExistsException if a file for project-internal data exists and {@link Options#overwrite()}
     *                      is off
     * @throws IOException  if project-internal data cannot be written
     */
    public static Imported convert(IlpProject ilp, Options options) throws IOException {
        List<String> report = new ArrayList<>(ilp.warnings());
        List<DataLane> lanes = new ArrayList<>();
        List<SparseLabels> labels = new ArrayList<>();
        Set<String> extracted = new HashSet<>();
        for (int i = 0; i < ilp.lanes().size(); i++) {
            IlpDataset raw = ilp.lane(i).raw();
            if (raw == null) {
                report.add("lane " + i + " has no raw data (an empty lane); it is left out");
                continue;
            }
            Lane lane = lane(ilp, i, raw, options, extracted, report);
            lanes.add(lane.lane());
            labels.add(SparseLabels.fromImage(lane.labels()));
            for (String role : ilp.lane(i).roles().keySet()) {
                if (!role.equals(IlpLane.RAW_DATA)) {
                    report.add("lane " + i + " '" + lane.lane().name() + "': its " + role + " ("
                            + ilp.lane(i).role(role).filePath() + ") is not carried over: Sylva projects have no "
                            + role.toLowerCase(java.util.Locale.ROOT) + "s yet");
                }
            }
        }
        if (ilp.lanes().isEmpty()) {
            report.add("the project has no data: it holds no images, so there is nothing labelled or to train on;"
                    + " add images to the Sylva project to work with it");
        }

        FeatureSelection features = ilp.features();
        if (features == null) {
            features = FeatureSelection.all();
            report.add("the project stores no feature selection; using ilastik's full default set (" + features + ")");
        }

        List<LabelClass> classes = new ArrayList<>(ilp.labelClasses());
        int maxLabel = labels.stream().mapToInt(SparseLabels::maxLabel).max().orElse(0);
        for (int k = classes.size() + 1; k <= maxLabel; k++) {
            classes.add(new LabelClass("Label " + k, LabelClass.defaultColour(k - 1)));
            report.add("label value " + k + " is used but the project names only " + ilp.labelClasses().size()
                    + " classes; added class 'Label " + k + "'");
        }
        if (classes.isEmpty()) report.add("the project names no label classes; add classes before labelling");
        List<Integer> pmap = ilp.predictionColours();
        if (!pmap.isEmpty() && !pmap.equals(ilp.labelClasses().stream().map(LabelClass::rgb).toList())) {
            report.add("the probability-map colours (PmapColors) differ from the label colours; Sylva shows"
                    + " probabilities in the label colours");
        }
        if (!ilp.workflowArgs().isEmpty()) {
            report.add("the project's workflow arguments " + ilp.workflowArgs() + " are not kept");
        }

        long labelled = labels.stream().mapToLong(SparseLabels::labelledPixels).sum();
        if (!lanes.isEmpty() && labelled == 0) {
            report.add("no labels: none of the project's " + lanes.size() + " image" + (lanes.size() == 1 ? "" : "s")
                    + " has labelled pixels");
        }

        VigraForests.Imported forests = ilp.forests();
        ClassifierSettings settings = ilp.classifier();
        int trees = forests != null ? forests.forest().treeCount()
                : settings != null && settings.trees() > 0 ? settings.trees() : SylvaProject.DEFAULT_TREES;
        ExportSettings export = ilp.export() != null ? ilp.export() : ExportSettings.DEFAULT;
        String notes = "Imported from the ilastik project " + ilp.file().toAbsolutePath() + " (ilastik "
                + ilp.version() + (ilp.savedAt() == null ? "" : ", saved " + ilp.savedAt()) + ")";
        SylvaProject project = new SylvaProject(ProjectInfo.create().withNotes(notes), lanes, labels, features,
                classes, 0L, trees, null, export);

        if (forests == null) {
            report.add(labelled == 0
                    ? "no trained classifier is stored, and there are no labels to train one: label some pixels of"
                            + " each class first"
                    : "no trained classifier is stored (ilastik keeps one only while it is up to date): the project"
                            + " trains one from its labels");
        } else {
            String problem = forestProblem(project, forests);
            String made = forests.forest().treeCount() + " trees"
                    + (settings != null && settings.forests() > 1 ? " in " + settings.forests() + " forests" : "")
                    + ", trained by ilastik " + ilp.version();
            if (problem == null) {
                project = project.withForest(forests.forest());
                report.add("the stored classifier (" + made + ") is kept and predicts as in ilastik; ilastik's forests"
                        + " are not reproducible from a seed, so retraining (after editing labels or features) gives"
                        + " a different forest");
            } else {
                report.add("the stored classifier (" + made + ") is dropped: " + problem + "; the project trains a"
                        + " new one from its labels (ilastik's forests are not reproducible from a seed, so it will"
                        + " differ from ilastik's)");
            }
        }
        return new Imported(project, report);
    }

    /** Why {@code project} cannot use the imported forest, or null if it can. */
    private static String forestProblem(SylvaProject project, VigraForests.Imported forests) {
        RandomForest forest = forests.forest();
        if (project.lanes().isEmpty()) {
            return "the project has no images to tell which feature channels it needs";
        }
        for (int label : forest.classLabels()) {
            if (label < 1 || label > project.classes().size()) {
                return "it predicts label value " + label + " but the project has " + project.classes().size()
                        + " classes";
            }
        }
        List<String> ours = project.featureNames();
        List<String> stored = forests.featureNames();
        if (stored.isEmpty()) {
            // ilastik's Pixel Classification always stores them; without names only the count can be checked
            return forest.featureCount() == ours.size() ? null : "it was trained on " + forest.featureCount()
                    + " feature channels but the feature selection gives " + ours.size() + " for the project's images";
        }
        // ilastik 1.2 named 2-D features without the " in 2D" that later versions (and Sylva) append
        List<String> legacy = ours.stream().map(n -> n.replace(" in 2D", "")).toList();
        if (stored.equals(ours) || stored.equals(legacy)) return null;
        if (stored.size() != ours.size()) {
            return "it was trained on " + stored.size() + " feature channels but the feature selection gives "
                    + ours.size() + " for the project's images";
        }
        for (int k = 0; k < stored.size(); k++) {
            if (!stored.get(k).equals(ours.get(k)) && !stored.get(k).equals(legacy.get(k))) {
                return "its feature channel " + k + " is '" + stored.get(k) + "' but the feature selection gives '"
                        + ours.get(k) + "' for the project's images";
            }
        }
        return null; // not reached: equal sizes and no differing channel means equal lists
    }

    /** A converted lane: the data reference and the labels (uint8, lane order). */
    private record Lane(DataLane lane, Image labels) {}

    private static Lane lane(IlpProject ilp, int i, IlpDataset raw, Options options, Set<String> extracted,
                             List<String> report) throws IOException {
        String where = "lane " + i;
        if (raw.isProjectInternal()) {
            RawSource src = IlpReader.resolveRaw(ilp, i); // a project-internal dataset that is absent is an error
            Read read = read(src);
            String name = name(raw, src.internal().internalPath());
            Path file = extractedFile(options, name, extracted);
            ImageFiles.write(read.image(), file + "/" + DATASET, WriteOptions.DEFAULT);
            report.add(where + " '" + name + "': the image stored inside the .ilp was written to " + file
                    + " (a Sylva project references its images instead of holding them)");
            DataLane lane = DataLane.of(file + "/" + DATASET, ReadOptions.DEFAULT, read.image()).withName(name);
            return new Lane(lane, IlpReader.labels(ilp, i, read.image().shape()));
        }
        String stored = raw.filePath();
        boolean remote = (raw.infoClass() != null && raw.infoClass().contains("Url"))
                || (stored != null && stored.contains("://"));
        if (stored == null || stored.isBlank() || remote) {
            IlpReader.resolveRaw(ilp, i); // throws the reader's error: no path stored, or remote data
        }
        String name = name(raw, stored);
        RawSource src;
        try {
            src = IlpReader.resolveRaw(ilp, i);
        } catch (IlpException e) {
            String why = e.problem().replaceFirst("^lane \\d+ \\([^)]*\\): ", "");
            return missing(ilp, i, raw, name, why, report);
        }
        report.addAll(src.warnings());
        Read read;
        try {
            read = read(src);
        } catch (ImageFileException e) {
            return missing(ilp, i, raw, name, "raw data cannot be read: " + e.getMessage(), report);
        }
        DataLane lane = DataLane.of(src.spec(), read.options(), read.image()).withName(name);
        return new Lane(lane, IlpReader.labels(ilp, i, read.image().shape()));
    }

    /**
     * A lane whose data is not available: the stored path, shape and axes, an unverified fingerprint, state
     * MISSING; its labels are placed by the stored shape.
     */
    private static Lane missing(IlpProject ilp, int i, IlpDataset raw, String name, String why,
                                List<String> report) throws IlpException {
        Shape shape = raw.canonicalShape();
        if (shape == null) {
            throw new IlpException(ilp.file(), "lane " + i + " '" + name + "': " + why + "; this project (ilastik "
                    + ilp.version() + ") does not store the image's size, so its labels cannot be placed without the"
                    + " image — put it where the project expects it, or beside the project, and import again");
        }
        List<DataFile> files = new ArrayList<>();
        String internal = null;
        for (String part : RawPaths.splitStack(raw.filePath())) {
            DataPath dp = expected(part, ilp.folder());
            if (internal == null) internal = dp.internalPath();
            files.add(new DataFile(dp.file(), Fingerprint.unverified()));
        }
        char along = 'z';
        for (char a : new char[] {'z', 't', 'c'}) {
            if (files.size() > 1 && shape.get(a) == files.size()) { along = a; break; }
        }
        String problem = "lane '" + name + "': its data " + raw.filePath() + " was not found when the ilastik project "
                + ilp.file().getFileName() + " was imported (" + why + "); put it back or relink the lane";
        DataLane lane = new DataLane(name, files, internal, along, shape, raw.axes(), UNKNOWN_TYPE, false,
                DataLane.Status.missing(problem));
        report.add("lane " + i + " '" + name + "': " + why + "; imported without it (its labels and the stored"
                + " classifier are kept) — put the file at " + files.get(0).path()
                + " or beside the Sylva project to use the lane");
        return new Lane(lane, IlpReader.labels(ilp, i, shape));
    }

    /** Where a stored path part points on this system (relative to the project's folder), with its dataset. */
    static DataPath expected(String part, Path folder) {
        String p = part.trim().replace('\\', '/');
        String fileName = p.substring(p.lastIndexOf('/') + 1);
        try {
            DataPath dp = DataPath.parse(p);
            Path file = dp.file();
            String external = file.toString().replace('\\', '/');
            if (!file.isAbsolute()) {
                // a Windows path (C:/…) is absolute only on Windows: elsewhere the best guess is beside the project
                file = RawPaths.isAbsolute(external)
                        ? folder.resolve(external.substring(external.lastIndexOf('/') + 1))
                        : external.startsWith("~/") ? Path.of(System.getProperty("user.home"), external.substring(2))
                        : folder.resolve(file);
            }
            return new DataPath(file.normalize(), dp.internalPath());
        } catch (InvalidPathException e) {
            return new DataPath(folder.resolve(fileName.replaceAll("[^\\w.\\-]", "_")), "");
        }
    }

    /** The raw data as read, and the options that make {@link DataLane#read()} read it the same way. */
    record Read(Image image, ReadOptions options) {}

    /**
     * Reads the data with the stored axistags applied where they name every dimension, as ilastik (and
     * {@link RawSource#read()}) does; a stored order that names more or fewer axes than the file has (ilastik4ij's
     * {@code tzyxc} for a 2-D file) only adds or drops singletons, so the file's own axes are kept.
     */
    static Read read(RawSource src) throws IOException {
        char along = src.stackAxis();
        Image own = src.projectInternal() ? new Hdf5Format().read(src.internal())
                : ImageFiles.read(src.spec(), new ReadOptions(null, along));
        Axes stored = src.dataset().axes();
        if (stored != null && stored.size() == own.axes().size() && !stored.equals(own.axes())) {
            return new Read(own.reinterpret(stored), new ReadOptions(stored.letters(), along));
        }
        return new Read(own, new ReadOptions(null, along));
    }

    /** The lane's name: ilastik's nickname, else the stored path's file name. */
    static String name(IlpDataset raw, String path) {
        if (!raw.nickname().isBlank()) return raw.nickname().trim();
        String p = path == null ? "" : path.replace('\\', '/');
        String n = p.substring(p.lastIndexOf('/') + 1);
        return n.isBlank() ? "lane" : n;
    }

    /** A file for project-internal data of lane {@code name}, unique among this import's. */
    static Path extractedFile(Options options, String name, Set<String> taken) throws IOException {
        String base = name.replaceAll("[^\\w.\\-]", "_");
        String candidate = base;
        for (int k = 2; !taken.add(candidate); k++) candidate = base + "-" + k;
        Path file = options.dataFolder().resolve(candidate + ".h5");
        if (Files.exists(file) && !options.overwrite()) {
            // its own type, so that a command can name its option for overwriting
            throw new FileAlreadyExistsException(file.toString(), null, "exists (from an earlier import?); not"
                    + " replaced — allow overwriting, or import to another project name");
        }
        Files.createDirectories(options.dataFolder());
        return file;
    }
}

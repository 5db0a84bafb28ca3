package org.sylva.project.ilp;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.sylva.blockwise.Workers;
import org.sylva.export.ExportSettings;
import org.sylva.forest.RandomForest;
import org.sylva.forest.VigraForests;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.DataPath;
import org.sylva.io.ImageFileException;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.io.WriteOptions;
import org.sylva.objects.ConnectedComponents;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.ThresholdSettings;
import org.sylva.objects.classify.ObjectAnnotations;
import org.sylva.objects.classify.ObjectSegmentation;
import org.sylva.objects.features.FeatureMatrix;
import org.sylva.objects.features.ObjectFeature;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.pixel.LabelClass;
import org.sylva.project.DataFile;
import org.sylva.project.DataLane;
import org.sylva.project.Fingerprint;
import org.sylva.project.ObjectLane;
import org.sylva.project.ObjectProject;
import org.sylva.project.ProjectInfo;
import org.sylva.project.SylvaProject;
import org.sylva.project.TrainedForest;

/**
 * Converts an ilastik Object Classification project ({@link IlpObjectReader#read}) into a Sylva
 * {@link ObjectProject}: the lanes become references to the same raw data and prediction maps / segmentation / label
 * image, the threshold settings become the project's {@link ObjectSegmentation}, the classifier's features (with
 * the neighbourhood margins ilastik computes them with), the classes, export settings and ilastik's stored forest
 * are carried over, and the object labels are placed on the objects' pixels.
 *
 * <p>ilastik stores object labels per object <i>id</i> ({@code LabelInputs}), ids of its own object-id image. The
 * import recomputes each labelled lane's objects with the project's settings and compares them with the object-id
 * image ilastik cached ({@link IlpObjectReader#storedObjectIds}). If they are equal, each label goes to the object of
 * its id. If they differ (ilastik's cache is stale, or our thresholding differs), the labels are placed on ilastik's
 * cached objects' pixels — where the user clicked — and reach the recomputed objects by largest overlap
 * ({@link ObjectAnnotations#assign}) when training. Without a cached image the ids are trusted as they are. Every
 * such decision is a line of the report.
 *
 * <p>ilastik's forest is kept (and offered as the project's classifier) when its number of inputs is the number of
 * feature columns the classifier's features give for the project's images; ilastik stores no column names for
 * object forests, so its columns are taken to be {@link FeatureMatrix}'s order, which is ilastik's.
 */
public final class IlpObjectImport {

    /**
     * The result of an import.
     *
     * @param project the Sylva project (not saved yet)
     * @param report  what the user should know, one line each
     */
    public record Imported(ObjectProject project, List<String> report) {
        public Imported {
            Objects.requireNonNull(project, "project");
            report = List.copyOf(report);
        }
    }

    private IlpObjectImport() {}

    /**
     * Converts {@code ilp}: reads every lane's data that can be found (for its shape, type and fingerprint, and, for
     * labelled lanes, to recompute the objects the labels belong to).
     *
     * @param options where data stored inside the {@code .ilp} is written ({@link IlpImport.Options})
     * @throws IlpException if the project's lanes need data that cannot be found and the project stores no shape
     * @throws FileAlreadyExistsException if a file for project-internal data exists and overwriting is off
     * @throws IOException if data cannot be read or written
     */
    public static Imported convert(IlpObjectProject ilp, IlpImport.Options options, Workers workers)
            throws IOException {
        List<String> report = new ArrayList<>(ilp.warnings());
        ObjectSegmentation segmentation = segmentation(ilp, report);
        List<LabelClass> classes = new ArrayList<>(ilp.labelClasses());
        Set<String> extracted = new HashSet<>();

        List<ObjectLane> lanes = new ArrayList<>();
        int dims = 0, channels = 0;
        for (int i = 0; i < ilp.lanes().size(); i++) {
            IlpLane lane = ilp.lane(i);
            if (lane.raw() == null) {
                report.add("lane " + i + " has no raw data (an empty lane); it is left out");
                continue;
            }
            String name = IlpImport.name(lane.raw(), lane.raw().filePath());
            Data raw = data(ilp, i, lane.raw(), name, options, extracted, report);
            IlpDataset second = ilp.inputDataset(i);
            Data input = second == null ? null
                    : data(ilp, i, second, IlpImport.name(second, second.filePath()), options, extracted, report);
            if (input == null) {
                report.add("lane " + i + " '" + name + "' has no " + segmentation.kind().description()
                        + "; it is left out (with its object labels, if any)");
                continue;
            }
            if (dims == 0) {
                // the data as read, or the shape the project stores for missing data
                Shape shape = raw.lane().shape();
                dims = shape.z() > 1 ? 3 : 2;
                channels = shape.c();
            }
            ObjectAnnotations annotations = annotations(ilp, i, name, raw, input, segmentation, classes, workers,
                    report);
            lanes.add(new ObjectLane(raw.lane(), input.lane(), annotations));
        }
        if (ilp.lanes().isEmpty()) {
            report.add("the project has no data: there is nothing labelled or to train on");
        }

        ObjectFeatureSelection features = features(ilp, dims == 0 ? 2 : dims, report);
        List<Integer> pmap = ilp.predictionColours();
        if (!pmap.isEmpty() && !pmap.equals(classes.stream().map(LabelClass::rgb).toList())) {
            report.add("the probability colours (PmapColors) differ from the label colours; Sylva shows"
                    + " probabilities in the label colours");
        }
        if (ilp.blockShape() != null) {
            report.add("blockwise object classification settings (block shape, halo) are not kept: Sylva chooses"
                    + " its blocks itself");
        }

        VigraForests.Imported forests = ilp.forests();
        int trees = forests != null ? forests.forest().treeCount() : SylvaProject.DEFAULT_TREES;
        ExportSettings export = ilp.export() != null ? ilp.export() : ExportSettings.DEFAULT;
        String notes = "Imported from the ilastik project " + ilp.file().toAbsolutePath() + " (ilastik "
                + ilp.version() + (ilp.savedAt() == null ? "" : ", saved " + ilp.savedAt()) + ")";
        ObjectProject project = new ObjectProject(ProjectInfo.create().withNotes(notes), lanes, segmentation,
                features, classes, 0L, trees, null, export, null);

        int labelled = lanes.stream().mapToInt(l -> l.annotations().size()).sum();
        if (forests == null) {
            report.add(labelled == 0
                    ? "no trained object classifier is stored, and no object is labelled: label objects of each"
                            + " class first"
                    : "no trained object classifier is stored: the project trains one from its " + labelled
                            + " labelled objects");
        } else {
            RandomForest forest = forests.forest();
            String made = forest.treeCount() + " trees, trained by ilastik " + ilp.version();
            String problem = null;
            List<String> columns = null;
            if (dims == 0) {
                problem = "the project has no images to tell which feature columns it reads";
            } else {
                try {
                    columns = FeatureMatrix.columnNames(features, dims, channels);
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
                if (problem == null && columns.size() != forest.featureCount()) {
                    problem = "it reads " + forest.featureCount() + " feature values per object but the selected"
                            + " features give " + columns.size();
                }
                for (int label : forest.classLabels()) {
                    if (problem == null && (label < 1 || label > classes.size())) {
                        problem = "it predicts class " + label + " but the project has " + classes.size();
                    }
                }
            }
            if (problem == null) {
                project = project.withForest(new TrainedForest(forest, columns, project.trainingKey()));
                report.add("the stored object classifier (" + made + ") is kept and predicts as in ilastik; retraining"
                        + " gives a different forest (ilastik's are not reproducible from a seed)");
            } else {
                report.add("the stored object classifier (" + made + ") is dropped: " + problem + "; the project"
                        + " trains a new one from its labels");
            }
        }
        return new Imported(project, report);
    }

    /** The project's way to find objects; a graph-cut threshold (not implemented) falls back to the defaults. */
    private static ObjectSegmentation segmentation(IlpObjectProject ilp, List<String> report) {
        return switch (ilp.input()) {
            case PREDICTION_MAPS -> {
                ThresholdSettings t = ilp.threshold();
                if (t == null) {
                    report.add("the project's threshold method cannot be carried over; the Sylva project uses"
                            + " ilastik's default threshold settings, so its objects differ from ilastik's");
                    t = ThresholdSettings.defaults();
                }
                yield ObjectSegmentation.predictionMaps(t);
            }
            case SEGMENTATION -> ObjectSegmentation.binary();
            case LABEL_IMAGE -> ObjectSegmentation.labelImage();
        };
    }

    /**
     * The classifier's features, each neighbourhood feature with the margin ilastik computes it with (the
     * computed features' margins; ilastik takes the element-wise maximum, which {@code ObjectFeatures} does too).
     */
    private static ObjectFeatureSelection features(IlpObjectProject ilp, int dims, List<String> report) {
        ObjectFeatureSelection chosen = ilp.classifierFeatures();
        ObjectFeatureSelection computed = ilp.computedFeatures();
        int[] fallback = computed.maxMargin() != null ? computed.maxMargin() : ObjectFeatureSelection.defaultMargin(dims);
        ObjectFeatureSelection out = ObjectFeatureSelection.none();
        for (String plugin : chosen.plugins()) {
            for (String name : chosen.names(plugin)) {
                if (name.endsWith(ObjectFeature.IN_NEIGHBORHOOD)) {
                    int[] m = computed.contains(plugin, name) && computed.margin(plugin, name) != null
                            ? computed.margin(plugin, name)
                            : chosen.margin(plugin, name) != null ? chosen.margin(plugin, name) : fallback;
                    out = out.withMargin(plugin, name, m);
                } else {
                    out = out.with(plugin, name);
                }
            }
        }
        List<String> dropped = new ArrayList<>();
        for (String plugin : computed.plugins()) {
            for (String name : computed.names(plugin)) {
                if (!out.contains(plugin, name)) dropped.add(plugin + "/" + name);
            }
        }
        if (!dropped.isEmpty()) {
            report.add(dropped.size() + " feature" + (dropped.size() == 1 ? "" : "s") + " ilastik computes but its"
                    + " classifier does not use " + (dropped.size() == 1 ? "is" : "are") + " not kept (the object"
                    + " table has only the classifier's features): " + String.join(", ", dropped));
        }
        return out;
    }

    /** A lane's data reference; {@code image} is the data as read, or null if it is missing. */
    private record Data(DataLane lane, Image image) {}

    private static Data data(IlpObjectProject ilp, int i, IlpDataset ds, String name, IlpImport.Options options,
                             Set<String> extracted, List<String> report) throws IOException {
        String where = "lane " + i + " '" + name + "'";
        String role = ds.role() == null ? "data" : ds.role().toLowerCase(Locale.ROOT);
        RawSource src;
        try {
            src = IlpReader.resolve(ilp.file(), i, ds);
        } catch (IlpException e) {
            return missing(ilp, i, ds, name, role, e.problem().replaceFirst("^lane \\d+ \\([^)]*\\): ", ""), report);
        }
        report.addAll(src.warnings());
        IlpImport.Read read;
        try {
            read = IlpImport.read(src);
        } catch (ImageFileException e) {
            return missing(ilp, i, ds, name, role, "it cannot be read: " + e.getMessage(), report);
        }
        if (src.projectInternal()) {
            Path file = IlpImport.extractedFile(options, name + "_" + role.replace(' ', '_'), extracted);
            ImageFiles.write(read.image(), file + "/" + IlpImport.DATASET, WriteOptions.DEFAULT);
            report.add(where + ": its " + role + " stored inside the .ilp was written to " + file);
            return new Data(DataLane.of(file + "/" + IlpImport.DATASET, ReadOptions.DEFAULT, read.image())
                    .withName(name), read.image());
        }
        return new Data(DataLane.of(src.spec(), read.options(), read.image()).withName(name), read.image());
    }

    /** A lane whose data is not available: the stored path, shape and axes, state MISSING. */
    private static Data missing(IlpObjectProject ilp, int i, IlpDataset ds, String name, String role, String why,
                                List<String> report) throws IlpException {
        Shape shape = ds.canonicalShape();
        if (shape == null || ds.filePath() == null || ds.isProjectInternal()) {
            throw new IlpException(ilp.file(), "lane " + i + " '" + name + "': its " + role + " cannot be used ("
                    + why + ")" + (shape == null ? "; this project (ilastik " + ilp.version() + ") does not store its"
                    + " size, so the lane cannot be imported without it — put it where the project expects it, or"
                    + " beside the project" : ""));
        }
        List<DataFile> files = new ArrayList<>();
        String internal = null;
        for (String part : RawPaths.splitStack(ds.filePath())) {
            DataPath dp = IlpImport.expected(part, ilp.folder());
            if (internal == null) internal = dp.internalPath();
            files.add(new DataFile(dp.file(), Fingerprint.unverified()));
        }
        String problem = "lane '" + name + "': its " + role + " " + ds.filePath() + " was not found when the ilastik"
                + " project " + ilp.file().getFileName() + " was imported (" + why + "); put it back or relink the lane";
        DataLane lane = new DataLane(name, files, internal, 'z', shape, ds.axes(), org.sylva.image.DType.UINT8, false,
                DataLane.Status.missing(problem));
        report.add("lane " + i + " '" + name + "': its " + role + " is missing (" + why + "); imported without it — put"
                + " the file at " + files.get(0).path() + " or beside the Sylva project to use the lane");
        return new Data(lane, null);
    }

    /** The lane's object labels on the objects' pixels (see the class comment), or none if it has none. */
    private static ObjectAnnotations annotations(IlpObjectProject ilp, int lane, String name, Data raw, Data input,
                                                 ObjectSegmentation segmentation, List<LabelClass> classes,
                                                 Workers workers, List<String> report) throws IOException {
        List<Map<Long, Integer>> perTime = new ArrayList<>();
        int labelled = 0;
        int T = Math.max(1, ilp.objectLabels().size() > lane ? ilp.objectLabels().get(lane).size() : 0);
        for (int t = 0; t < T; t++) {
            Map<Long, Integer> m = new LinkedHashMap<>();
            int[] c = ilp.objectLabels(lane, t);
            for (int id = 1; id < c.length; id++) {
                if (c[id] > 0 && c[id] <= classes.size()) {
                    m.put((long) id, c[id]);
                    labelled++;
                }
            }
            perTime.add(m);
        }
        if (labelled == 0) return ObjectAnnotations.empty();
        String where = "lane " + lane + " '" + name + "'";
        if (raw.image() == null || input.image() == null) {
            report.add(where + ": its " + labelled + " object label" + (labelled == 1 ? " is" : "s are")
                    + " not kept: the objects they belong to cannot be found without the lane's data");
            return ObjectAnnotations.empty();
        }
        ObjectLabels objects;
        try {
            objects = segmentation.objects(raw.image(), input.image(), workers);
        } catch (IllegalArgumentException e) {
            report.add(where + ": its object labels are not kept: its objects cannot be computed (" + e.getMessage()
                    + ")");
            return ObjectAnnotations.empty();
        }
        Image stored = IlpObjectReader.storedObjectIds(ilp, lane);
        ObjectLabels target = objects;
        if (stored == null) {
            report.add(where + ": ilastik cached no object ids to check the labelled ids against; the labels go to the"
                    + " recomputed objects of the same ids");
        } else if (!sameIds(objects.image(), stored)) {
            report.add(where + ": the objects recomputed with the project's settings differ from the ones ilastik"
                    + " cached; the labels are placed on ilastik's objects' pixels and go to the recomputed objects"
                    + " that overlap them most");
            target = ConnectedComponents.relabelConsecutive(stored, workers);
        }
        List<Map<Long, Integer>> kept = new ArrayList<>();
        int beyond = 0;
        for (int t = 0; t < perTime.size(); t++) {
            Map<Long, Integer> m = new LinkedHashMap<>();
            long n = t < target.counts().length ? target.count(t) : 0;
            for (Map.Entry<Long, Integer> e : perTime.get(t).entrySet()) {
                if (e.getKey() <= n) m.put(e.getKey(), e.getValue());
                else beyond++;
            }
            kept.add(m);
        }
        if (beyond > 0) {
            report.add(where + ": " + beyond + " object label" + (beyond == 1 ? " names an object" : "s name objects")
                    + " the lane does not have; not kept");
        }
        return ObjectAnnotations.ofObjects(target, kept, null);
    }

    /** Whether two object-id images have the same t, z, y, x extents and the same id at every pixel. */
    static boolean sameIds(Image ours, Image stored) {
        Shape a = ours.shape(), b = stored.shape();
        if (a.t() != b.t() || a.z() != b.z() || a.y() != b.y() || a.x() != b.x()) return false;
        for (int t = 0; t < a.t(); t++) {
            for (int z = 0; z < a.z(); z++) {
                for (int y = 0; y < a.y(); y++) {
                    for (int x = 0; x < a.x(); x++) {
                        if (ours.get(t, z, y, x, 0) != stored.get(t, z, y, x, 0)) return false;
                    }
                }
            }
        }
        return true;
    }
}

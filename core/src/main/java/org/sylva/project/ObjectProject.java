package org.sylva.project;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sylva.export.ExportSettings;
import org.sylva.objects.classify.AnnotatedObject;
import org.sylva.objects.classify.ObjectClassifier;
import org.sylva.objects.classify.ObjectSegmentation;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.pixel.LabelClass;

/**
 * An Object Classification project: everything its {@code .sylva} file holds (docs/project-format.md, workflow
 * {@value #WORKFLOW}). An immutable value. As in {@link SylvaProject}, the trained forest is kept with the key of
 * what it was trained on — segmentation, features, classes, seed, trees, data and labels — and is offered as
 * {@link #classifier()} only while it is current.
 *
 * @param info         creation and save facts, notes
 * @param lanes        the images, with their second input and object labels
 * @param segmentation how objects are found (and the threshold settings for prediction maps)
 * @param features     the object features the classifier reads
 * @param classes      the classes: class k is {@code classes.get(k - 1)}; at most 255
 * @param seed         the forest's seed
 * @param treeCount    number of trees
 * @param forest       the trained forest, or null
 * @param export       export settings of the image sources
 * @param tableFilename the object table's file name template (ilastik's table export settings), or null
 */
public record ObjectProject(ProjectInfo info, List<ObjectLane> lanes, ObjectSegmentation segmentation,
                            ObjectFeatureSelection features, List<LabelClass> classes, long seed, int treeCount,
                            TrainedForest forest, ExportSettings export, String tableFilename) {

    /** The workflow name in the manifest. */
    public static final String WORKFLOW = "Object Classification";

    public ObjectProject {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(segmentation, "segmentation");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(export, "export");
        lanes = List.copyOf(lanes);
        classes = List.copyOf(classes);
        if (classes.size() > SylvaProject.MAX_CLASSES) {
            throw new IllegalArgumentException(classes.size() + " classes; at most " + SylvaProject.MAX_CLASSES);
        }
        if (treeCount < 1) throw new IllegalArgumentException("the tree count must be at least 1, got " + treeCount);
        for (ObjectLane l : lanes) {
            if (l.annotations().maxLabel() > classes.size()) {
                throw new IllegalArgumentException("lane '" + l.name() + "' labels an object with class "
                        + l.annotations().maxLabel() + " but there are only " + classes.size() + " classes");
            }
        }
        if (forest != null) {
            for (int label : forest.forest().classLabels()) {
                if (label < 1 || label > classes.size()) {
                    throw new IllegalArgumentException("the forest predicts class " + label + " but there are "
                            + classes.size() + " classes");
                }
            }
        }
    }

    /** A new project without forest, seed 0, {@value SylvaProject#DEFAULT_TREES} trees, default export settings. */
    public static ObjectProject create(List<ObjectLane> lanes, ObjectSegmentation segmentation,
                                       ObjectFeatureSelection features, List<LabelClass> classes) {
        return new ObjectProject(ProjectInfo.create(), lanes, segmentation, features, classes, 0L,
                SylvaProject.DEFAULT_TREES, null, ExportSettings.DEFAULT, null);
    }

    public ObjectProject withInfo(ProjectInfo i) {
        return new ObjectProject(i, lanes, segmentation, features, classes, seed, treeCount, forest, export, tableFilename);
    }

    public ObjectProject withLanes(List<ObjectLane> l) {
        return new ObjectProject(info, l, segmentation, features, classes, seed, treeCount, forest, export, tableFilename);
    }

    public ObjectProject withSegmentation(ObjectSegmentation s) {
        return new ObjectProject(info, lanes, s, features, classes, seed, treeCount, forest, export, tableFilename);
    }

    public ObjectProject withFeatures(ObjectFeatureSelection f) {
        return new ObjectProject(info, lanes, segmentation, f, classes, seed, treeCount, forest, export, tableFilename);
    }

    public ObjectProject withSeed(long s) {
        return new ObjectProject(info, lanes, segmentation, features, classes, s, treeCount, forest, export, tableFilename);
    }

    public ObjectProject withTreeCount(int n) {
        return new ObjectProject(info, lanes, segmentation, features, classes, seed, n, forest, export, tableFilename);
    }

    public ObjectProject withExport(ExportSettings e) {
        return new ObjectProject(info, lanes, segmentation, features, classes, seed, treeCount, forest, e, tableFilename);
    }

    public ObjectProject withTableFilename(String t) {
        return new ObjectProject(info, lanes, segmentation, features, classes, seed, treeCount, forest, export, t);
    }

    /** This project with {@code classifier}'s forest, recorded as trained on the project as it is now. */
    public ObjectProject withForest(ObjectClassifier classifier) {
        return withForest(new TrainedForest(classifier.forest(), classifier.columns(), trainingKey()));
    }

    /** This project with a forest and its training record as given (e.g. as read). */
    public ObjectProject withForest(TrainedForest f) {
        return new ObjectProject(info, lanes, segmentation, features, classes, seed, treeCount, f, export, tableFilename);
    }

    public Optional<TrainedForest> storedForest() { return Optional.ofNullable(forest); }

    /**
     * SHA-256 (hex) of everything training reads: segmentation, features, number of classes, seed, trees, and per
     * lane the data fingerprints and the labelled objects.
     */
    public String trainingKey() {
        MessageDigest md = Fingerprint.sha256();
        text(md, "sylva-object-training-key-1");
        text(md, ObjectProjectFile.segmentationJson(segmentation).toString());
        text(md, ObjectProjectFile.featuresJson(features).toString());
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(classes.size()).putLong(seed).putInt(treeCount);
        md.update(b.array(), 0, b.position());
        for (ObjectLane l : lanes) {
            if (l.annotations().isEmpty()) continue;
            for (DataLane d : List.of(l.raw(), l.input())) {
                for (DataFile f : d.files()) {
                    text(md, f.fingerprint().text());
                    md.update(b.clear().putLong(f.fingerprint().size()).array(), 0, 8);
                }
                text(md, d.shape().toString());
                text(md, d.axes().letters());
                text(md, d.internalPath());
            }
            md.update(ObjectProjectFile.encodeAnnotations(l.annotations()));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void text(MessageDigest md, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
        md.update(bytes);
    }

    /** True if a forest is stored and was trained on the project as it is now. */
    public boolean forestIsCurrent() {
        return forest != null && forest.trainingKey().equals(trainingKey());
    }

    /** The classifier, if the stored forest is current. */
    public Optional<ObjectClassifier> classifier() {
        if (!forestIsCurrent()) return Optional.empty();
        return Optional.of(new ObjectClassifier(features, forest.forest(), classes, forest.featureNames()));
    }

    /** Labelled objects per class over all lanes ({@code [k]} for class k; index 0 unused). */
    public int[] labelledPerClass() {
        int[] c = new int[classes.size() + 1];
        for (ObjectLane l : lanes) for (AnnotatedObject o : l.annotations().objects()) c[o.label()]++;
        return c;
    }

    @Override
    public String toString() {
        List<Integer> per = new ArrayList<>();
        int[] c = labelledPerClass();
        for (int k = 1; k < c.length; k++) per.add(c[k]);
        return "ObjectProject[" + lanes.size() + " lanes, " + segmentation.kind().id() + ", " + classes.size()
                + " classes, labelled " + per + ", " + (forest == null ? "no forest" : forestIsCurrent()
                ? "current forest" : "stale forest") + "]";
    }

}

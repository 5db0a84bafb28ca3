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
import org.sylva.features.FeatureId;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.RandomForest;
import org.sylva.pixel.LabelClass;
import org.sylva.pixel.PixelClassifier;

/**
 * A Pixel Classification project: everything a {@code .sylva} file holds (see {@link ProjectFile} and
 * docs/project-format.md). An immutable value; change it with the {@code with…} copies.
 *
 * <p>The trained forest, if any, is kept with the {@link #trainingKey() key} of what it was trained on. Editing
 * labels, features, the number of classes, the seed or the tree count does not delete it (only
 * {@link #withoutClass} does), but it is then no longer
 * {@link #forestIsCurrent() current}: {@link #classifier()} no longer offers it and {@link ProjectFile} does not save
 * it.
 *
 * @param info creation and save facts, notes
 * @param lanes the images (references to their raw data)
 * @param labels the labels of each lane, in lane order; each covers its lane's extents
 * @param features the feature selection
 * @param classes the label classes: class k (label value k) is {@code classes.get(k - 1)}; at most 255
 * @param seed the random forest's seed (training is deterministic given labels, features and seed)
 * @param treeCount number of trees to train (ilastik: 100)
 * @param forest the trained forest, or null
 * @param export the export settings
 */
public record SylvaProject(ProjectInfo info, List<DataLane> lanes, List<SparseLabels> labels, FeatureSelection features,
                           List<LabelClass> classes, long seed, int treeCount, TrainedForest forest,
                           ExportSettings export) {

    /** The workflow this project type serves, as ilastik names it. */
    public static final String WORKFLOW = "Pixel Classification";
    /** ilastik's default number of trees. */
    public static final int DEFAULT_TREES = 100;
    /** Most classes a project can have (labels are stored as uint8). */
    public static final int MAX_CLASSES = 255;

    public SylvaProject {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(export, "export");
        lanes = List.copyOf(lanes);
        labels = List.copyOf(labels);
        classes = List.copyOf(classes);
        if (lanes.size() != labels.size()) {
            throw new IllegalArgumentException(lanes.size() + " lanes but " + labels.size() + " label sets");
        }
        if (classes.size() > MAX_CLASSES) {
            throw new IllegalArgumentException(classes.size() + " classes; at most " + MAX_CLASSES + " are supported");
        }
        if (treeCount < 1) throw new IllegalArgumentException("the tree count must be at least 1, got " + treeCount);
        for (int i = 0; i < lanes.size(); i++) {
            DataLane lane = lanes.get(i);
            SparseLabels l = labels.get(i);
            if (!l.fits(lane.shape())) {
                throw new IllegalArgumentException("the labels of lane " + (i + 1) + " '" + lane.name() + "' cover "
                        + l.shape() + " but the lane is " + lane.shape());
            }
            if (l.maxLabel() > classes.size()) {
                throw new IllegalArgumentException("lane " + (i + 1) + " '" + lane.name() + "' holds label value "
                        + l.maxLabel() + " but there are only " + classes.size() + " classes");
            }
        }
        if (forest != null) {
            for (int label : forest.forest().classLabels()) {
                if (label < 1 || label > classes.size()) {
                    throw new IllegalArgumentException("the forest predicts label " + label + " but there are "
                            + classes.size() + " classes");
                }
            }
        }
    }

    /**
     * A new project over {@code lanes} with no labels, seed 0, {@value #DEFAULT_TREES} trees and ilastik's default
     * export settings.
     */
    public static SylvaProject create(List<DataLane> lanes, FeatureSelection features, List<LabelClass> classes) {
        List<SparseLabels> empty = new ArrayList<>();
        for (DataLane l : lanes) empty.add(SparseLabels.empty(l.shape()));
        return new SylvaProject(ProjectInfo.create(), lanes, empty, features, classes, 0L, DEFAULT_TREES, null,
                ExportSettings.DEFAULT);
    }

    /** The labels of lane {@code i} (0-based). */
    public SparseLabels labels(int i) { return labels.get(i); }

    /** The forest, if one is stored (current or not). */
    public Optional<TrainedForest> storedForest() { return Optional.ofNullable(forest); }

    /** This project with other file facts (creation and save times, revision, notes). */
    public SylvaProject withInfo(ProjectInfo newInfo) {
        return new SylvaProject(newInfo, lanes, labels, features, classes, seed, treeCount, forest, export);
    }

    /** This project with other notes. */
    public SylvaProject withNotes(String notes) {
        return withInfo(info.withNotes(notes));
    }

    /** This project with one more lane, unlabelled. */
    public SylvaProject addLane(DataLane lane) {
        List<DataLane> l = new ArrayList<>(lanes);
        l.add(lane);
        List<SparseLabels> s = new ArrayList<>(labels);
        s.add(SparseLabels.empty(lane.shape()));
        return new SylvaProject(info, l, s, features, classes, seed, treeCount, forest, export);
    }

    /** This project without lane {@code i} and its labels. */
    public SylvaProject removeLane(int i) {
        List<DataLane> l = new ArrayList<>(lanes);
        l.remove(i);
        List<SparseLabels> s = new ArrayList<>(labels);
        s.remove(i);
        return new SylvaProject(info, l, s, features, classes, seed, treeCount, forest, export);
    }

    /** This project with lane {@code i} replaced (e.g. relinked); the new lane must have the same extents. */
    public SylvaProject withLane(int i, DataLane lane) {
        List<DataLane> l = new ArrayList<>(lanes);
        l.set(i, lane);
        return new SylvaProject(info, l, labels, features, classes, seed, treeCount, forest, export);
    }

    /** This project with the labels of lane {@code i} replaced. */
    public SylvaProject withLabels(int i, SparseLabels newLabels) {
        List<SparseLabels> s = new ArrayList<>(labels);
        s.set(i, newLabels);
        return new SylvaProject(info, lanes, s, features, classes, seed, treeCount, forest, export);
    }

    /** This project with another feature selection (a stored forest is then no longer current). */
    public SylvaProject withFeatures(FeatureSelection f) {
        return new SylvaProject(info, lanes, labels, f, classes, seed, treeCount, forest, export);
    }

    /** This project with other classes (renamed, recoloured, added); labels must stay within their number. */
    public SylvaProject withClasses(List<LabelClass> c) {
        return new SylvaProject(info, lanes, labels, features, c, seed, treeCount, forest, export);
    }

    /**
     * This project without class {@code k} (1-based): its labels are erased and the higher classes move down by one,
     * in every lane. The stored forest is dropped (it predicts the old classes).
     */
    public SylvaProject withoutClass(int k) {
        if (k < 1 || k > classes.size()) throw new IllegalArgumentException("no class " + k);
        List<LabelClass> c = new ArrayList<>(classes);
        c.remove(k - 1);
        List<SparseLabels> s = new ArrayList<>();
        for (SparseLabels l : labels) s.add(l.withoutLabel(k));
        return new SylvaProject(info, lanes, s, features, c, seed, treeCount, null, export);
    }

    /** This project with another forest seed (a stored forest is then no longer current). */
    public SylvaProject withSeed(long s) {
        return new SylvaProject(info, lanes, labels, features, classes, s, treeCount, forest, export);
    }

    /** This project training {@code n} trees (a stored forest is then no longer current). */
    public SylvaProject withTreeCount(int n) {
        return new SylvaProject(info, lanes, labels, features, classes, seed, n, forest, export);
    }

    /** This project with other export settings. */
    public SylvaProject withExport(ExportSettings e) {
        return new SylvaProject(info, lanes, labels, features, classes, seed, treeCount, forest, e);
    }

    /** This project with {@code trained}, recorded as trained on the project as it is now. */
    public SylvaProject withForest(RandomForest trained) {
        return withForest(new TrainedForest(trained, featureNames(), trainingKey()));
    }

    /** This project with a forest and its training record as given (e.g. as read from a file). */
    public SylvaProject withForest(TrainedForest f) {
        return new SylvaProject(info, lanes, labels, features, classes, seed, treeCount, f, export);
    }

    /** This project without a stored forest. */
    public SylvaProject withoutForest() {
        return new SylvaProject(info, lanes, labels, features, classes, seed, treeCount, null, export);
    }

    /**
     * The names of the feature channels a forest trained on this project has, in column order: the feature
     * selection applied to the first labelled lane (or the first lane), whose channel count and 2-D/3-D-ness
     * determine them. Empty for a project without lanes.
     */
    public List<String> featureNames() {
        DataLane ref = null;
        for (int i = 0; i < lanes.size() && ref == null; i++) if (!labels.get(i).isEmpty()) ref = lanes.get(i);
        if (ref == null && !lanes.isEmpty()) ref = lanes.get(0);
        return ref == null ? List.of() : features.channelNames(ref.channels(), ref.shape().z());
    }

    /**
     * A SHA-256 (hex) of everything training reads: the feature selection, the number of classes, the seed, the
     * tree count, and for every labelled lane its data (files' size and checksum, shape, axes, dataset) and its
     * labels. A forest whose recorded key differs was trained on something else.
     */
    public String trainingKey() {
        MessageDigest md = Fingerprint.sha256();
        text(md, "sylva-training-key-1");
        for (FeatureId id : features.ids()) text(md, id.name());
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (double s : features.scales()) md.update(b.clear().putDouble(s).array(), 0, 8);
        for (boolean[] row : features.matrix()) for (boolean v : row) md.update((byte) (v ? 1 : 0));
        boolean[] in2d = features.computeIn2d();
        md.update((byte) (in2d == null ? 2 : 3));
        if (in2d != null) for (boolean v : in2d) md.update((byte) (v ? 1 : 0));
        b.clear().putInt(classes.size()).putLong(seed).putInt(treeCount);
        md.update(b.array(), 0, b.position());
        for (int i = 0; i < lanes.size(); i++) {
            SparseLabels l = labels.get(i);
            if (l.isEmpty()) continue;
            DataLane lane = lanes.get(i);
            for (DataFile f : lane.files()) {
                text(md, f.fingerprint().text());
                md.update(b.clear().putLong(f.fingerprint().size()).array(), 0, 8);
            }
            text(md, lane.shape().toString());
            text(md, lane.axes().letters());
            text(md, lane.internalPath());
            md.update((byte) lane.stackAlong());
            l.digest(md);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void text(MessageDigest md, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
        md.update(bytes);
    }

    /** True if a forest is stored and was trained on the project as it is now (same key, same feature names). */
    public boolean forestIsCurrent() {
        return forest != null && forest.featureNames().equals(featureNames()) && forest.trainingKey().equals(trainingKey());
    }

    /** The trained classifier, if the stored forest is current. */
    public Optional<PixelClassifier> classifier() {
        if (!forestIsCurrent()) return Optional.empty();
        DataLane ref = lanes.get(0);
        for (int i = 0; i < lanes.size(); i++) if (!labels.get(i).isEmpty()) { ref = lanes.get(i); break; }
        return Optional.of(new PixelClassifier(features, forest.forest(), classes, ref.channels(),
                ref.shape().z() > 1 ? 3 : 2));
    }

    @Override
    public String toString() {
        long labelled = labels.stream().mapToLong(SparseLabels::labelledPixels).sum();
        return "SylvaProject[" + lanes.size() + " lanes, " + classes.size() + " classes, " + labelled
                + " labelled pixels, features " + features + ", seed " + seed + ", " + treeCount + " trees, "
                + (forest == null ? "no forest" : forestIsCurrent() ? "current forest" : "stale forest") + "]";
    }
}

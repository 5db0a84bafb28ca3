package org.sylva.objects.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.sylva.forest.ForestTrainer;
import org.sylva.forest.RandomForest;
import org.sylva.forest.TrainingOptions;
import org.sylva.objects.features.FeatureMatrix;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.objects.features.ObjectFeatureTable;
import org.sylva.pixel.LabelClass;

/**
 * A trained object classifier (spec §5.5–5.6): the object features it reads, the random forest trained on them and
 * the classes. The forest's input is ilastik's feature matrix ({@link FeatureMatrix}: plugins, then features
 * sorted, NaN and ±inf replaced by 0). Immutable.
 */
public final class ObjectClassifier {

    private final ObjectFeatureSelection features;
    private final RandomForest forest;
    private final List<LabelClass> classes;
    private final List<String> columns;

    /**
     * @param features the features the forest was trained on
     * @param forest   the forest; its class labels are 1..classes.size()
     * @param classes  the classes (class k = label value k)
     * @param columns  the feature matrix's column names the forest expects, in order ({@code plugin/feature[i]}),
     *                 or null when not known (imported forests): only the count is then checked
     */
    public ObjectClassifier(ObjectFeatureSelection features, RandomForest forest, List<LabelClass> classes,
                            List<String> columns) {
        this.features = Objects.requireNonNull(features, "features");
        this.forest = Objects.requireNonNull(forest, "forest");
        this.classes = List.copyOf(classes);
        this.columns = columns == null ? null : List.copyOf(columns);
        for (int label : forest.classLabels()) {
            if (label < 1 || label > classes.size()) {
                throw new IllegalArgumentException("the forest predicts class " + label + " but there are "
                        + classes.size() + " classes");
            }
        }
        if (columns != null && columns.size() != forest.featureCount()) {
            throw new IllegalArgumentException(columns.size() + " column names for a forest of "
                    + forest.featureCount() + " features");
        }
    }

    public ObjectFeatureSelection features() { return features; }

    public RandomForest forest() { return forest; }

    public List<LabelClass> classes() { return classes; }

    /** The feature columns the forest reads, or null if unknown. */
    public List<String> columns() { return columns; }

    /** A classifier and what training measured. */
    public record Trained(ObjectClassifier classifier, int samples, int[] perClass, double oobAccuracy,
                          List<FeatureMatrix.BadObject> badObjects) {
        public Trained {
            perClass = perClass.clone();
            badObjects = List.copyOf(badObjects);
        }

        @Override
        public int[] perClass() { return perClass.clone(); }
    }

    /**
     * Trains a forest on the labelled objects of {@code tables}.
     *
     * @param tables   feature tables (one per time point and image), each computed with at least {@code selection}
     * @param labels   per table, the class of each object id ({@code labels.get(i)[id]}, 0 = unlabelled; index 0 is
     *                 the background), as {@link ObjectAnnotations.Assignment#classOf} gives it
     * @param classes  the classes; labels must not exceed their number
     * @throws IllegalArgumentException if no feature is selected, fewer than two classes have labelled objects, or
     *                                  a label exceeds the classes
     */
    public static Trained train(List<ObjectFeatureTable> tables, List<int[]> labels, ObjectFeatureSelection selection,
                                List<LabelClass> classes, TrainingOptions options) {
        if (tables.size() != labels.size()) throw new IllegalArgumentException("one label array per feature table");
        FeatureMatrix m = FeatureMatrix.of(tables, selection);
        if (m.columns() == 0) {
            throw new IllegalArgumentException("no object feature is selected; select features to classify with");
        }
        int[] perClass = new int[classes.size() + 1];
        int n = 0;
        int row = 0;
        List<Integer> rows = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            int[] l = labels.get(i);
            ObjectFeatureTable t = tables.get(i);
            for (int id = 1; id <= t.objects(); id++, row++) {
                int k = id < l.length ? l[id] : 0;
                if (k == 0) continue;
                if (k < 0 || k > classes.size()) {
                    throw new IllegalArgumentException("object " + id + " has class " + k + " but there are "
                            + classes.size() + " classes");
                }
                rows.add(row);
                y.add(k);
                perClass[k]++;
                n++;
            }
        }
        long labelledClasses = Arrays.stream(perClass).skip(1).filter(c -> c > 0).count();
        if (labelledClasses < 2) {
            throw new IllegalArgumentException(n == 0 ? "no object is labelled; label objects of at least two classes"
                    : "only one class has labelled objects (" + n + " of class " + y.get(0) + "); label objects of at"
                    + " least two classes");
        }
        int F = m.columns();
        float[] x = new float[Math.multiplyExact(n, F)];
        int[] target = new int[n];
        float[] v = m.values();
        for (int i = 0; i < n; i++) {
            System.arraycopy(v, rows.get(i) * F, x, i * F, F);
            target[i] = y.get(i);
        }
        RandomForest forest = ForestTrainer.train(x, n, F, target, options);
        List<FeatureMatrix.BadObject> bad = new ArrayList<>();
        for (FeatureMatrix.BadObject b : m.badObjects()) bad.add(b);
        double oob = forest.training().map(r -> r.oobAccuracy()).orElse(Double.NaN);
        return new Trained(new ObjectClassifier(selection, forest, classes, m.columnNames()), n, perClass, oob, bad);
    }

    /**
     * Predicts the objects of one feature table.
     *
     * @param threads prediction threads; the result does not depend on them
     * @throws IllegalArgumentException if the table lacks a feature, or its features give other columns than the
     *                                  forest was trained on (another dimensionality or channel count)
     */
    public ObjectPredictions predict(ObjectFeatureTable table, int threads) {
        FeatureMatrix m = FeatureMatrix.of(List.of(table), features);
        if (m.columns() != forest.featureCount() || (columns != null && m.rows() > 0 && !m.columnNames().equals(columns))) {
            throw new IllegalArgumentException("the objects have " + m.columns() + " feature values but the "
                    + "classifier was trained on " + forest.featureCount() + (columns == null ? "" : " ("
                    + describeDifference(m.columnNames())) + "); images must have the dimensionality and channels of"
                    + " the training images");
        }
        int K = classes.size();
        int n = m.rows();
        float[] p = new float[Math.multiplyExact(n, K)];
        if (n > 0) {
            int Kf = forest.classCount();
            float[] pf = new float[Math.multiplyExact(n, Kf)];
            forest.predict(m.values(), 0, n, m.columns(), pf, 0, Math.max(1, threads), null);
            int[] channel = forest.classLabels();
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < Kf; k++) p[i * K + channel[k] - 1] = pf[i * Kf + k];
            }
        }
        return ObjectPredictions.of(table.time(), n, K, p);
    }

    private String describeDifference(List<String> have) {
        for (int i = 0; i < Math.min(have.size(), columns.size()); i++) {
            if (!have.get(i).equals(columns.get(i))) return "first difference: " + have.get(i) + " vs " + columns.get(i);
        }
        return have.size() > columns.size() ? "extra " + have.get(columns.size()) : "missing "
                + columns.get(Math.min(have.size(), columns.size() - 1));
    }

    @Override
    public String toString() {
        return "ObjectClassifier[" + classes.size() + " classes, " + forest + "]";
    }
}

package org.sylva.objects.features;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The object classifier's input (spec §5.5, ilastik's {@code make_feature_array} / {@code replace_missing}): one
 * row per object (objects 1..N of every table, tables in the given order), one column per value of every selected
 * feature — plugin names sorted, then feature names sorted (Unicode order, as Python sorts), each feature's values
 * in stored order. The "Default features" group never enters (ilastik selects Count etc. under the standard plugin
 * when it wants them). NaN and ±infinity become 0 ({@code MISSING_VALUE}); the objects concerned are listed as
 * {@link #badObjects()}.
 *
 * @param values     row-major, {@code values[row * columns + col]}
 * @param rows       number of objects
 * @param columns    number of feature values per object
 * @param columnNames {@code plugin/feature} for single-valued features, {@code plugin/feature[i]} otherwise
 * @param objects    the (time, id) of every row
 * @param badObjects the objects that had NaN or infinite values, with the features concerned
 */
public record FeatureMatrix(float[] values, int rows, int columns, List<String> columnNames, List<ObjectRef> objects,
                            List<BadObject> badObjects) {

    /** An object: time point and id (1-based, as in the label image). */
    public record ObjectRef(int time, int id) {}

    /** An object with missing values, and the features that had them. */
    public record BadObject(int time, int id, List<String> features) {
        public BadObject {
            features = List.copyOf(features);
        }
    }

    public FeatureMatrix {
        columnNames = List.copyOf(columnNames);
        objects = List.copyOf(objects);
        badObjects = List.copyOf(badObjects);
        if (values.length != (long) rows * columns) throw new IllegalArgumentException("values must be rows × columns");
    }

    /**
     * Builds the matrix of {@code selection} from feature tables (one per time point, e.g. of several images).
     *
     * @throws IllegalArgumentException if a table lacks a selected feature
     */
    public static FeatureMatrix of(List<ObjectFeatureTable> tables, ObjectFeatureSelection selection) {
        List<ObjectFeature> features = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int columns = 0;
        for (String plugin : selection.plugins()) {           // sorted
            if (plugin.equals(ObjectFeature.DEFAULT)) continue;
            for (String name : selection.names(plugin)) {     // sorted
                ObjectFeature f = null;
                for (ObjectFeatureTable t : tables) {
                    f = t.feature(plugin, name).orElseThrow(() -> new IllegalArgumentException(
                            "the feature table of time point " + t.time() + " has no '" + plugin + "/" + name + "'"));
                }
                if (f == null) f = new ObjectFeature(plugin, name, name, 1, false, "");
                features.add(f);
                for (int i = 0; i < f.values(); i++) {
                    names.add(plugin + "/" + name + (f.values() == 1 ? "" : "[" + i + "]"));
                }
                columns += f.values();
            }
        }
        int rows = 0;
        for (ObjectFeatureTable t : tables) rows += t.objects();
        float[] values = new float[Math.multiplyExact(rows, columns)];
        List<ObjectRef> objects = new ArrayList<>(rows);
        List<BadObject> bad = new ArrayList<>();
        int row = 0;
        for (ObjectFeatureTable t : tables) {
            float[][] cols = new float[features.size()][];
            for (int k = 0; k < features.size(); k++) cols[k] = t.column(features.get(k).plugin(), features.get(k).name());
            for (int id = 1; id <= t.objects(); id++, row++) {
                objects.add(new ObjectRef(t.time(), id));
                Set<String> missing = new LinkedHashSet<>();
                int col = 0;
                for (int k = 0; k < features.size(); k++) {
                    int w = features.get(k).values();
                    for (int i = 0; i < w; i++, col++) {
                        float v = cols[k][(id - 1) * w + i];
                        if (Float.isNaN(v) || Float.isInfinite(v)) {
                            v = 0f;
                            missing.add(features.get(k).plugin() + "/" + features.get(k).name());
                        }
                        values[row * columns + col] = v;
                    }
                }
                if (!missing.isEmpty()) bad.add(new BadObject(t.time(), id, new ArrayList<>(missing)));
            }
        }
        return new FeatureMatrix(values, rows, columns, names, objects, bad);
    }

    /**
     * The column names {@link #of} gives for {@code selection} on images of {@code dims} (2, 3) and
     * {@code channels}, without computing any feature (e.g. to name the columns of a forest read from a project).
     *
     * @throws IllegalArgumentException naming a selected feature ilastik does not offer for such images
     */
    public static List<String> columnNames(ObjectFeatureSelection selection, int dims, int channels) {
        List<String> names = new ArrayList<>();
        for (String plugin : selection.plugins()) {           // sorted, as in of()
            if (plugin.equals(ObjectFeature.DEFAULT)) continue;
            for (String name : selection.names(plugin)) {
                ObjectFeature f = FeatureCatalog.find(plugin, name, dims, channels);
                if (f == null) {
                    throw new IllegalArgumentException("'" + plugin + "/" + name + "' is not available for " + dims
                            + "D images with " + channels + " channel" + (channels == 1 ? "" : "s"));
                }
                for (int i = 0; i < f.values(); i++) {
                    names.add(plugin + "/" + name + (f.values() == 1 ? "" : "[" + i + "]"));
                }
            }
        }
        return names;
    }

    /** Value {@code col} of row {@code row}. */
    public float get(int row, int col) {
        return values[row * columns + col];
    }
}

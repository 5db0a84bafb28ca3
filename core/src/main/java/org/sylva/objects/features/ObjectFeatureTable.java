package org.sylva.objects.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The object features of one time point: one row per object id 1..N (the background is not a row), one column
 * group per feature, float32 values as ilastik stores them (spec §5.4). Always holds the "Default features"
 * (bounding box minimum, exclusive bounding box maximum, centre, size) plus what was selected; a selected
 * neighbourhood feature also brings its {@code ... in object and neighborhood} companion, as ilastik stores both.
 *
 * <p>Values of a feature are kept object-major: {@code values(f)[(id - 1) * f.values() + i]}.
 */
public final class ObjectFeatureTable {

    private final int time;
    private final int objects;
    private final int dims;
    private final int channels;
    private final List<ObjectFeature> features;
    private final List<float[]> values;

    ObjectFeatureTable(int time, int objects, int dims, int channels, List<ObjectFeature> features,
                       List<float[]> values) {
        if (features.size() != values.size()) throw new IllegalArgumentException("one value array per feature");
        for (int i = 0; i < features.size(); i++) {
            if (values.get(i).length != (long) objects * features.get(i).values()) {
                throw new IllegalArgumentException("feature " + features.get(i) + " needs " + objects + " rows");
            }
        }
        this.time = time;
        this.objects = objects;
        this.dims = dims;
        this.channels = channels;
        this.features = List.copyOf(features);
        this.values = new ArrayList<>(values);
    }

    /** The time point (0-based) these objects belong to. */
    public int time() { return time; }

    /** Number of objects N (ids 1..N); 0 for a frame without objects. */
    public int objects() { return objects; }

    /** Spatial dimensions of the image (2 or 3): the number of coordinate values of centres and boxes. */
    public int dims() { return dims; }

    /** Raw channels the intensity features were computed on. */
    public int channels() { return channels; }

    /** Every feature of the table: the default group first, then the computed ones. */
    public List<ObjectFeature> features() { return Collections.unmodifiableList(features); }

    /** The feature {@code plugin/name}, if the table has it. */
    public Optional<ObjectFeature> feature(String plugin, String name) {
        int i = index(plugin, name);
        return i < 0 ? Optional.empty() : Optional.of(features.get(i));
    }

    /** True if the table has {@code plugin/name}. */
    public boolean has(String plugin, String name) {
        return index(plugin, name) >= 0;
    }

    /**
     * A copy of the values of {@code plugin/name}, object-major ({@code [(id - 1) * values + i]}).
     *
     * @throws IllegalArgumentException if the table does not have the feature
     */
    public float[] values(String plugin, String name) {
        return column(plugin, name).clone();
    }

    /** Value {@code i} of {@code plugin/name} for object {@code id} (1-based). */
    public float get(String plugin, String name, int id, int i) {
        int k = require(plugin, name);
        ObjectFeature f = features.get(k);
        if (id < 1 || id > objects) throw new IndexOutOfBoundsException("object id " + id + " not in 1.." + objects);
        if (i < 0 || i >= f.values()) throw new IndexOutOfBoundsException("value " + i + " of " + f);
        return values.get(k)[(id - 1) * f.values() + i];
    }

    /** The table's own array (not copied): for the package's readers. */
    float[] column(String plugin, String name) {
        return values.get(require(plugin, name));
    }

    private int require(String plugin, String name) {
        int k = index(plugin, name);
        if (k < 0) throw new IllegalArgumentException("the feature table has no '" + plugin + "/" + name + "'");
        return k;
    }

    private int index(String plugin, String name) {
        for (int i = 0; i < features.size(); i++) {
            ObjectFeature f = features.get(i);
            if (f.plugin().equals(plugin) && f.name().equals(name)) return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "ObjectFeatureTable[t=" + time + ", " + objects + " objects, " + features.size() + " features]";
    }
}

package org.sylva.forest;

import io.jhdf.GlobalHeap;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports random forests stored by ilastik / vigra in HDF5 (spec ilastik-compat §2.4): a {@code ClassifierForests}
 * group of an {@code .ilp} project ({@code Forest0000, Forest0001, …}, {@code known_labels}, optional
 * {@code feature_names}) or a single vigra forest group ({@code _ext_param}, {@code _options}, {@code Tree_*}).
 *
 * <p>All trees of all forests become one {@link RandomForest}; its prediction (mean over all trees) equals ilastik's
 * combination Σ_f n_f·P_f / N of the per-forest vigra predictions. Thresholds become float thresholds exactly
 * equivalent for float features ({@link DecisionTree#floatThreshold(double)}). Malformed trees (indices out of range,
 * node types other than threshold and leaf, cycles) are rejected with a {@link ForestFormatException} naming the
 * file and group.
 */
public final class VigraForests {

    private static final int LEAF = 0x40000000;
    private static final Pattern FOREST = Pattern.compile("Forest(\\d+)");
    private static final Pattern TREE = Pattern.compile("Tree_(\\d+)");

    /**
     * An imported forest.
     *
     * @param forest       all trees of all forests, classes in the order of {@code known_labels}
     * @param featureNames the names of the feature columns ({@code feature_names}, UTF-8), empty if absent
     * @param knownLabels  label value of each class ({@code known_labels}, else the forests' own labels)
     */
    public record Imported(RandomForest forest, List<String> featureNames, int[] knownLabels) {
        public Imported {
            featureNames = List.copyOf(featureNames);
            knownLabels = knownLabels.clone();
        }

        @Override
        public int[] knownLabels() { return knownLabels.clone(); }
    }

    private VigraForests() {}

    /**
     * Reads the forests in {@code groupPath} of an HDF5 file, e.g.
     * {@code read(Path.of("MyProject.ilp"), "PixelClassification/ClassifierForests")}.
     *
     * @throws ForestFormatException if the group is missing or malformed
     * @throws IOException           if the file cannot be read
     */
    public static Imported read(Path file, String groupPath) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.io.FileNotFoundException(file + ": no such file");
        try (HdfFile hdf = new HdfFile(file)) {
            Node node;
            try {
                node = hdf.getByPath(groupPath);
            } catch (HdfException e) {
                throw new ForestFormatException(file + ": no group " + groupPath, e);
            }
            if (!(node instanceof Group g)) throw new ForestFormatException(file + ": " + groupPath + " is not a group");
            return read(g, file.getFileName().toString());
        } catch (HdfException e) {
            throw new ForestFormatException(file + ": cannot read HDF5: " + e.getMessage(), e);
        }
    }

    /** Reads the forests in an open HDF5 group; {@code source} names the file in error messages. */
    public static Imported read(Group group, String source) throws ForestFormatException {
        String where = source + ": " + group.getPath();
        try {
            List<Group> forests = new ArrayList<>();
            if (group.getChildren().containsKey("_ext_param")) {
                forests.add(group);   // a single vigra forest
            } else {
                forests = numbered(group, FOREST);
                if (forests.isEmpty()) throw new ForestFormatException(where + ": no Forest#### groups");
            }
            int features = -1;
            int[] labels = null;
            List<DecisionTree> trees = new ArrayList<>();
            for (Group forest : forests) {
                String fw = source + ": " + forest.getPath();
                int f = (int) scalar(forest, "_ext_param/column_count_", fw);
                int k = (int) scalar(forest, "_ext_param/class_count_", fw);
                int[] l = forest.getChildren().containsKey("_ext_param")
                        && ((Group) forest.getChild("_ext_param")).getChildren().containsKey("labels")
                        ? ints(dataset(forest, "_ext_param/labels", fw)) : range(k);
                if (f < 1) throw new ForestFormatException(fw + ": column_count_ " + f);
                if (k < 1 || l.length != k) {
                    throw new ForestFormatException(fw + ": class_count_ " + k + " but " + l.length + " labels");
                }
                if (features < 0) {
                    features = f;
                    labels = l;
                } else if (features != f || !Arrays.equals(labels, l)) {
                    throw new ForestFormatException(fw + ": " + f + " features, labels " + Arrays.toString(l)
                            + " differ from the first forest (" + features + ", " + Arrays.toString(labels) + ")");
                }
                List<Group> treeGroups = numbered(forest, TREE);
                if (treeGroups.isEmpty()) throw new ForestFormatException(fw + ": no Tree_ groups");
                for (Group t : treeGroups) trees.add(tree(t, f, k, source + ": " + t.getPath()));
            }
            int[] known = labels;
            if (group.getChildren().containsKey("known_labels")) {
                known = ints(dataset(group, "known_labels", where));
                if (!Arrays.equals(known, labels)) {
                    throw new ForestFormatException(where + ": known_labels " + Arrays.toString(known)
                            + " differ from the forests' labels " + Arrays.toString(labels));
                }
            }
            List<String> names = List.of();
            if (group.getChildren().containsKey("feature_names")) {
                names = strings(dataset(group, "feature_names", where), where + "/feature_names");
                if (names.size() != features) {
                    throw new ForestFormatException(where + ": " + names.size() + " feature_names for " + features
                            + " features");
                }
            }
            try {
                return new Imported(new RandomForest(features, known, trees), names, known);
            } catch (IllegalArgumentException e) {
                throw new ForestFormatException(where + ": " + e.getMessage(), e);
            }
        } catch (HdfException | ClassCastException e) {
            throw new ForestFormatException(where + ": unexpected HDF5 content: " + e.getMessage(), e);
        }
    }

    /** Child groups named {@code pattern}, ordered by their number (Tree_2 before Tree_10). */
    private static List<Group> numbered(Group parent, Pattern pattern) {
        List<Group> out = new ArrayList<>();
        for (Node child : parent.getChildren().values()) {
            if (child instanceof Group g && pattern.matcher(child.getName()).matches()) out.add(g);
        }
        out.sort(Comparator.comparing((Group g) -> {
            Matcher m = pattern.matcher(g.getName());
            m.matches();
            return new java.math.BigInteger(m.group(1));
        }).thenComparing(Group::getName));
        return out;
    }

    private static DecisionTree tree(Group g, int features, int classes, String where) throws ForestFormatException {
        int[] topo = ints(dataset(g, "topology", where));
        double[] par = doubles(dataset(g, "parameters", where));
        if (topo.length < 4) throw new ForestFormatException(where + ": topology has only " + topo.length + " entries");
        if (topo[0] != features || topo[1] != classes) {
            throw new ForestFormatException(where + ": topology header says " + topo[0] + " features, " + topo[1]
                    + " classes; the forest " + features + ", " + classes);
        }
        // Walk from the root (topology index 2), numbering internal nodes and leaves in visiting order.
        List<Integer> order = new ArrayList<>();
        int[] nodeId = new int[topo.length];   // topology index → reference (+1, 0 = not seen)
        int internalCount = 0, leafCount = 0;
        int[] stack = new int[16];
        int sp = 0;
        stack[sp++] = 2;
        while (sp > 0) {
            int i = stack[--sp];
            if (i < 2 || i >= topo.length - 1) {
                throw new ForestFormatException(where + ": node index " + i + " outside the topology ("
                        + topo.length + " entries)");
            }
            if (nodeId[i] != 0) throw new ForestFormatException(where + ": node " + i + " is reached twice");
            int type = topo[i];
            if (type == 0) {
                if (i + 4 >= topo.length) {
                    throw new ForestFormatException(where + ": threshold node " + i + " runs past the topology end");
                }
                nodeId[i] = ++internalCount;
                order.add(i);
                if (sp + 2 > stack.length) stack = Arrays.copyOf(stack, stack.length * 2);
                stack[sp++] = topo[i + 3];
                stack[sp++] = topo[i + 2];
            } else if (type == LEAF) {
                nodeId[i] = -(++leafCount);
                order.add(i);
            } else {
                throw new ForestFormatException(where + ": node " + i + " has type " + type
                        + " (only threshold 0 and leaf 0x40000000 nodes are supported; 1/2 are hyperplane/sphere)");
            }
            if (internalCount + leafCount > topo.length) throw new ForestFormatException(where + ": not a tree");
        }
        int[] feature = new int[internalCount], left = new int[internalCount], right = new int[internalCount];
        float[] threshold = new float[internalCount];
        float[] prob = new float[leafCount * classes];
        int[] samples = new int[leafCount];
        for (int i : order) {
            int p = topo[i + 1];
            int id = nodeId[i];
            if (id > 0) {
                int node = id - 1;
                int col = topo[i + 4];
                if (col < 0 || col >= features) {
                    throw new ForestFormatException(where + ": node " + i + " splits column " + col + " of "
                            + features);
                }
                checkParams(p, 2, par.length, i, where);
                feature[node] = col;
                threshold[node] = DecisionTree.floatThreshold(par[p + 1]);
                left[node] = ref(nodeId[topo[i + 2]]);
                right[node] = ref(nodeId[topo[i + 3]]);
            } else {
                int leaf = -id - 1;
                checkParams(p, 1 + classes, par.length, i, where);
                double w = par[p];
                if (!(w >= 0 && w <= Integer.MAX_VALUE)) {
                    throw new ForestFormatException(where + ": leaf " + i + " has sample count " + w);
                }
                samples[leaf] = (int) Math.round(w);
                for (int k = 0; k < classes; k++) prob[leaf * classes + k] = (float) par[p + 1 + k];
            }
        }
        int root = ref(nodeId[2]);
        try {
            return new DecisionTree(classes, root, feature, threshold, left, right, prob, samples, true);
        } catch (IllegalArgumentException e) {
            throw new ForestFormatException(where + ": " + e.getMessage(), e);
        }
    }

    private static int ref(int id) {
        return id > 0 ? id - 1 : ~(-id - 1);
    }

    private static void checkParams(int p, int count, int length, int node, String where)
            throws ForestFormatException {
        if (p < 0 || (long) p + count > length) {
            throw new ForestFormatException(where + ": node " + node + " reads parameters[" + p + " .. " + (p + count)
                    + ") of " + length);
        }
    }

    private static Dataset dataset(Group g, String path, String where) throws ForestFormatException {
        Node n;
        try {
            n = g.getByPath(path);
        } catch (HdfException e) {
            throw new ForestFormatException(where + ": missing " + path, e);
        }
        if (!(n instanceof Dataset d)) throw new ForestFormatException(where + ": " + path + " is not a dataset");
        return d;
    }

    private static double scalar(Group g, String path, String where) throws ForestFormatException {
        double[] v = doubles(dataset(g, path, where));
        if (v.length < 1) throw new ForestFormatException(where + ": " + path + " is empty");
        return v[0];
    }

    private static double[] doubles(Dataset d) {
        Object data = d.getDataFlat();
        int n = Array.getLength(data);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = ((Number) Array.get(data, i)).doubleValue();
        return out;
    }

    private static int[] ints(Dataset d) throws ForestFormatException {
        Object data = d.getDataFlat();
        if (data instanceof int[] a) return a;
        int n = Array.getLength(data);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            Number v = (Number) Array.get(data, i);
            long l = v.longValue();
            if (l != (int) l || v.doubleValue() != l) {
                throw new ForestFormatException(d.getPath() + ": value " + v + " is not a 32-bit integer");
            }
            out[i] = (int) l;
        }
        return out;
    }

    /**
     * A 1-D string dataset decoded as UTF-8 from its raw bytes (ilastik writes UTF-8 bytes, e.g. "σ", but tags the
     * type ASCII, which jhdf's own decoding would garble). Fixed-length and variable-length strings.
     */
    static List<String> strings(Dataset d, String where) throws ForestFormatException {
        if (!(d instanceof DatasetBase base)) throw new ForestFormatException(where + ": unsupported dataset kind");
        int count = (int) d.getSize();
        ByteBuffer raw = base.getDataBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<String> out = new ArrayList<>(count);
        if (d.getDataType() instanceof StringData s) {
            int size = s.getSize();
            byte[] buf = new byte[size];
            for (int i = 0; i < count; i++) {
                raw.position(i * size);
                raw.get(buf);
                int len = 0;
                while (len < size && buf[len] != 0) len++;   // null-terminated or null-padded
                String str = new String(buf, 0, len, StandardCharsets.UTF_8);
                out.add(s.getPaddingType() == StringData.PaddingType.SPACE_PADDED ? str.stripTrailing() : str);
            }
        } else if (d.getDataType() instanceof VariableLength v && v.isVariableLengthString()) {
            var storage = d.getHdfFile().getHdfBackingStorage();
            int offsets = storage.getSizeOfOffsets();
            int recordSize = 4 + offsets + 4;
            for (int i = 0; i < count; i++) {
                raw.position(i * recordSize);
                int length = raw.getInt();
                long address = offsets == 8 ? raw.getLong() : Integer.toUnsignedLong(raw.getInt());
                int index = raw.getInt();
                if (length == 0) {
                    out.add("");
                    continue;
                }
                ByteBuffer obj = new GlobalHeap(storage, address).getObjectData(index);
                byte[] bytes = new byte[Math.min(length, obj.remaining())];
                obj.get(bytes);
                int len = bytes.length;
                while (len > 0 && bytes[len - 1] == 0) len--;
                out.add(new String(bytes, 0, len, StandardCharsets.UTF_8));
            }
        } else {
            throw new ForestFormatException(where + ": not a string dataset (" + d.getDataType() + ")");
        }
        return out;
    }

    private static int[] range(int k) {
        int[] r = new int[k];
        for (int i = 0; i < k; i++) r[i] = i;
        return r;
    }
}

package org.sylva.forest;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * An immutable random-forest classifier with vigra RF1 / ilastik prediction semantics (spec ilastik-compat §2.1).
 *
 * <p>Data layouts: feature rows are pixel-major (channels last): row {@code i} is
 * {@code x[offset + i*stride + f]} for feature {@code f < featureCount()}, {@code stride ≥ featureCount()}.
 * Probabilities are written row-major, {@code out[outOffset + i*K + k]} with {@code K = classCount()} in the order
 * of {@link #classLabels()}.
 *
 * <p>Probability of class {@code k} = mean over trees of the class-{@code k} probability of the leaf the row
 * reaches (summed in tree order in float, so results are identical for any thread count). A row with a NaN feature
 * gets all-zero probabilities, as in vigra.
 */
public final class RandomForest {

    private final int featureCount;
    private final int[] classLabels;
    private final List<DecisionTree> trees;
    private final TrainingReport training;   // null for imported forests
    private final CompiledForest walk;       // the scalar engine: reference, and fallback without the Vector API
    private final ForestEngine engine;       // the fastest engine available here (PacketForest or walk)

    /**
     * @param featureCount number of features F ≥ 1 each row must have
     * @param classLabels  label value of each class, in class (output channel) order, distinct
     * @param trees        at least one tree, each with {@code classLabels.length} classes and features &lt; F
     * @param training     how the forest was trained, or null (e.g. an imported forest)
     */
    public RandomForest(int featureCount, int[] classLabels, List<DecisionTree> trees, TrainingReport training) {
        if (featureCount < 1) throw new IllegalArgumentException("feature count must be ≥ 1, got " + featureCount);
        if (classLabels.length < 1) throw new IllegalArgumentException("a forest needs at least one class");
        if (Arrays.stream(classLabels).distinct().count() != classLabels.length) {
            throw new IllegalArgumentException("class labels are not distinct: " + Arrays.toString(classLabels));
        }
        if (trees.isEmpty()) throw new IllegalArgumentException("a forest needs at least one tree");
        for (int i = 0; i < trees.size(); i++) {
            DecisionTree t = trees.get(i);
            if (t.classCount() != classLabels.length) {
                throw new IllegalArgumentException("tree " + i + " has " + t.classCount() + " classes, the forest "
                        + classLabels.length);
            }
            if (t.maxFeature() >= featureCount) {
                throw new IllegalArgumentException("tree " + i + " uses feature " + t.maxFeature() + " of "
                        + featureCount);
            }
        }
        this.featureCount = featureCount;
        this.classLabels = classLabels.clone();
        this.trees = List.copyOf(trees);
        this.training = training;
        this.walk = new CompiledForest(featureCount, classLabels.length, this.trees);
        ForestEngine packets = Engines.packets(featureCount, classLabels.length, this.trees);
        this.engine = packets != null ? packets : walk;
    }

    /** A forest without training metadata. */
    public RandomForest(int featureCount, int[] classLabels, List<DecisionTree> trees) {
        this(featureCount, classLabels, trees, null);
    }

    /** Number of features F per row. */
    public int featureCount() { return featureCount; }

    /** Number of classes K (output channels). */
    public int classCount() { return classLabels.length; }

    /** Label value of each class, in output channel order (sorted ascending for trained forests). */
    public int[] classLabels() { return classLabels.clone(); }

    public int treeCount() { return trees.size(); }

    public DecisionTree tree(int i) { return trees.get(i); }

    public List<DecisionTree> trees() { return trees; }

    /** How the forest was trained (seed, OOB accuracy, importances), if it was trained here. */
    public Optional<TrainingReport> training() { return Optional.ofNullable(training); }

    /** Predicts {@code n} rows of {@code x} (stride F) on the calling thread; returns n×K probabilities. */
    public float[] predict(float[] x, int n) {
        float[] out = new float[Math.multiplyExact(n, classCount())];
        predict(x, 0, n, featureCount, out, 0, 1, null);
        return out;
    }

    /** Predicts rows {@code x[i*stride + f]} into {@code out[i*K + k]} on the calling thread. */
    public void predict(float[] x, int n, int stride, float[] out) {
        predict(x, 0, n, stride, out, 0, 1, null);
    }

    /** As {@link #predict(float[], int, int, float[])}, on {@code threads} fresh worker threads. */
    public void predict(float[] x, int n, int stride, float[] out, int threads) {
        predict(x, 0, n, stride, out, 0, threads, null);
    }

    /**
     * Predicts rows {@code x[offset + i*stride + f]} (i &lt; n, f &lt; F) into {@code out[outOffset + i*K + k]}.
     *
     * @param threads  number of parallel workers (≥ 1); the result is identical for any value
     * @param executor runs the workers; null = fresh threads (the calling thread takes part)
     */
    public void predict(float[] x, int offset, int n, int stride, float[] out, int outOffset, int threads,
                        ExecutorService executor) {
        predictImage(x, offset, n, stride, Math.max(n, 1), out, outOffset, threads, executor);
    }

    /**
     * As {@link #predict(float[], int, int, int, float[], int, int, ExecutorService)} for rows that are the pixels
     * of an image (or tile) {@code width} pixels wide, in row-major order: row {@code i} is the pixel at
     * {@code y = i / width, x = i % width}. The probabilities are identical for any width; the engine uses it to test
     * neighbouring pixels of several image rows together, which is faster (docs/performance.md).
     *
     * @throws IllegalArgumentException if n is negative, the width below 1, the stride below F, threads below 1, or
     *                                  an array is too short
     */
    public void predictImage(float[] x, int offset, int n, int stride, int width, float[] out, int outOffset,
                             int threads, ExecutorService executor) {
        if (n < 0) throw new IllegalArgumentException("negative row count " + n);
        if (width < 1) throw new IllegalArgumentException("image width must be ≥ 1, got " + width);
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        if (stride < featureCount) {
            throw new IllegalArgumentException("row stride " + stride + " < feature count " + featureCount);
        }
        if (n == 0) return;
        long lastEnd = (long) offset + (long) (n - 1) * stride + featureCount;
        if (offset < 0 || lastEnd > x.length) {
            throw new IllegalArgumentException("feature array of " + x.length + " values is too short for " + n
                    + " rows of stride " + stride + " from offset " + offset);
        }
        checkOutput(n, out, outOffset);
        engine.predictRows(x, offset, n, stride, width, out, outOffset, threads, executor);
    }

    /**
     * Predicts channel-major rows: feature {@code f} of row {@code i} is {@code x[offset + f*channelStride + i]}
     * (i &lt; n, f &lt; F), as in one buffer per feature channel laid end to end; probabilities go to
     * {@code out[outOffset + i*K + k]} as in {@link #predict(float[], int, int, int, float[], int, int,
     * ExecutorService)}, with identical values. This is the fast layout: the engine reads each feature of 16
     * neighbouring pixels with one vector load.
     *
     * @param channelStride distance between the starts of consecutive feature channels, ≥ n
     * @param threads       number of parallel workers (≥ 1); the result is identical for any value
     * @param executor      runs the workers; null = fresh threads (the calling thread takes part)
     * @throws IllegalArgumentException if n is negative, the stride is below n, or an array is too short
     */
    public void predictChannelMajor(float[] x, int offset, int n, int channelStride, float[] out, int outOffset,
                                    int threads, ExecutorService executor) {
        predictChannelMajor(x, offset, n, channelStride, Math.max(n, 1), out, outOffset, threads, executor);
    }

    /**
     * As {@link #predictChannelMajor(float[], int, int, int, float[], int, int, ExecutorService)} for the pixels of
     * an image (or tile) {@code width} pixels wide in row-major order (row {@code i} at {@code y = i / width,
     * x = i % width}), such as the channel planes of a feature tile: identical probabilities, and the fastest
     * path — 4×4 pixel packets (docs/performance.md).
     *
     * @throws IllegalArgumentException also if the width is below 1
     */
    public void predictChannelMajor(float[] x, int offset, int n, int channelStride, int width, float[] out,
                                    int outOffset, int threads, ExecutorService executor) {
        if (n < 0) throw new IllegalArgumentException("negative row count " + n);
        if (width < 1) throw new IllegalArgumentException("image width must be ≥ 1, got " + width);
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        if (channelStride < n) {
            throw new IllegalArgumentException("channel stride " + channelStride + " < row count " + n
                    + ": feature channels would overlap");
        }
        if (n == 0) return;
        long end = (long) offset + (long) (featureCount - 1) * channelStride + n;
        if (offset < 0 || end > x.length) {
            throw new IllegalArgumentException("feature array of " + x.length + " values is too short for "
                    + featureCount + " channels of " + n + " rows with channel stride " + channelStride
                    + " from offset " + offset);
        }
        checkOutput(n, out, outOffset);
        float[][] channels = new float[featureCount][];
        int[] offsets = new int[featureCount];
        for (int f = 0; f < featureCount; f++) {
            channels[f] = x;
            offsets[f] = offset + f * channelStride;
        }
        engine.predictChannels(channels, offsets, n, width, out, outOffset, threads, executor);
    }

    /**
     * Predicts pixels from one array per feature channel, as the feature engine hands a tile over
     * ({@code org.sylva.features.ChannelTileSink}): feature {@code f} of pixel {@code i} is {@code channels[f][i]}
     * (i &lt; n, f &lt; F; extra channels and values are ignored), the pixels of an image or tile {@code width} wide
     * in row-major order (use width = n for rows without image geometry); probabilities go to
     * {@code out[outOffset + i*K + k]}, identical to every other predict method's.
     *
     * @throws IllegalArgumentException if n is negative, the width or threads below 1, fewer than F channels are
     *                                  given, or an array is too short
     */
    public void predictChannels(float[][] channels, int n, int width, float[] out, int outOffset, int threads,
                                ExecutorService executor) {
        if (n < 0) throw new IllegalArgumentException("negative row count " + n);
        if (width < 1) throw new IllegalArgumentException("image width must be ≥ 1, got " + width);
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        if (channels.length < featureCount) {
            throw new IllegalArgumentException(channels.length + " feature channels given, the forest needs "
                    + featureCount);
        }
        for (int f = 0; f < featureCount; f++) {
            if (channels[f] == null || channels[f].length < n) {
                throw new IllegalArgumentException("feature channel " + f + " has "
                        + (channels[f] == null ? "no array" : channels[f].length + " values") + ", needs " + n);
            }
        }
        if (n == 0) return;
        checkOutput(n, out, outOffset);
        engine.predictChannels(channels, new int[featureCount], n, width, out, outOffset, threads, executor);
    }

    private void checkOutput(int n, float[] out, int outOffset) {
        long outEnd = (long) outOffset + (long) n * classCount();
        if (outOffset < 0 || outEnd > out.length) {
            throw new IllegalArgumentException("output array of " + out.length + " values is too short for " + n
                    + " rows × " + classCount() + " classes from offset " + outOffset);
        }
    }

    /** Predicts {@code n} channel-major rows ({@code x[f*n + i]}) on the calling thread; returns n×K probabilities. */
    public float[] predictChannelMajor(float[] x, int n) {
        float[] out = new float[Math.multiplyExact(n, classCount())];
        predictChannelMajor(x, 0, n, n, out, 0, 1, null);
        return out;
    }

    /** The engine used by predict (package-private, for tests and the benchmark). */
    ForestEngine engine() { return engine; }

    /** The scalar walk engine, the reference the vector engine must equal (package-private, for tests). */
    CompiledForest walk() { return walk; }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomForest r && featureCount == r.featureCount
                && Arrays.equals(classLabels, r.classLabels) && trees.equals(r.trees)
                && java.util.Objects.equals(training, r.training);
    }

    @Override
    public int hashCode() {
        return featureCount * 31 + trees.hashCode();
    }

    @Override
    public String toString() {
        return "RandomForest[" + trees.size() + " trees, " + featureCount + " features, classes "
                + Arrays.toString(classLabels) + "]";
    }
}

/**
 * Random-forest classification with ilastik's semantics (vigra "RF1", spec ilastik-compat §2): pure compute over
 * arrays, plus two codecs.
 *
 * <ul>
 *   <li>{@link org.sylva.forest.ForestTrainer} trains a {@link org.sylva.forest.RandomForest} from pixel-major samples
 *       ({@code x[i*F + f]}, channels last) and labels ≥ 1 with {@link org.sylva.forest.TrainingOptions} (trees, seed,
 *       threads, mtry); the result is identical for any thread count and records a
 *       {@link org.sylva.forest.TrainingReport} (seed, out-of-bag accuracy, Gini and optional permutation
 *       importance).</li>
 *   <li>{@link org.sylva.forest.RandomForest#predict(float[], int, int, int, float[], int, int,
 *       java.util.concurrent.ExecutorService)} writes n×K class probabilities (mean of the leaf distributions, NaN rows
 *       all zero) for rows with any stride, in blocks on several threads; {@code predictImage} and
 *       {@code predictChannels} take the image width (and one array per feature channel), which is faster and gives
 *       the same bits.</li>
 *   <li>{@link org.sylva.forest.VigraForests} imports the forests stored in ilastik projects (HDF5, {@code
 *       ClassifierForests}); they predict like vigra to float precision.</li>
 *   <li>{@link org.sylva.forest.ForestCodec} is our own versioned, checksummed binary model format.</li>
 * </ul>
 *
 * <p>Training (see {@code TreeGrower}): features are rank-transformed once; each tree draws its bootstrap from its
 * own SplitMix64 stream of (seed, tree); nodes keep unique in-bag samples with their multiplicity; each tried column
 * is sorted by rank (insertion sort, quicksort or LSD radix by size) and scanned for the least Gini loss.
 * Prediction (see {@code PacketForest}): blocks of up to 4,096 pixels copied channel-major, each tree walked once per
 * block node by node with lists of 16-pixel packets (4×4 neighbours), one vector compare per packet and node; the
 * scalar {@code CompiledForest} (eight rows per tree in branch-free lockstep) is the reference it equals bit for bit
 * and the fallback without the Vector API.
 */
package org.sylva.forest;

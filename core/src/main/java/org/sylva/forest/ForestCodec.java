package org.sylva.forest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Sylva's own binary format for a {@link RandomForest} (for project files): compact, versioned, checksummed.
 *
 * <p>Layout (little endian): magic {@code "SYLVA-RF"} (8 bytes), format version (int32, currently 1), payload length
 * (int64), CRC-32 of the payload (int32 in an int64 slot), then the payload:
 * <pre>
 *   featureCount int32, classCount K int32, classLabels int32[K], treeCount int32,
 *   per tree: nodeCount m int32, root int32, feature int32[m], threshold float32[m], left int32[m], right int32[m],
 *             leafProbabilities float32[(m+1)·K], leafSamples int32[m+1]
 *   hasTraining int8; if 1: seed int64, treeCount int32, mtry int32, sampleCount int32, oobAccuracy float64,
 *             oobSamples int32, giniImportance (int32 length, float64[]), permutationImportance (int32 length,
 *             float64[]), seconds float64
 * </pre>
 * Reading checks the magic, version, length and checksum, and every count against the bytes that remain, so a corrupt
 * or truncated stream gives a {@link ForestFormatException}, never an OutOfMemoryError or an index exception.
 */
public final class ForestCodec {

    /** The current format version written by {@link #write}. */
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "SYLVA-RF".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 8 + 4 + 8 + 8;

    private ForestCodec() {}

    /** Writes {@code forest} (trees and training metadata) to {@code out}; does not close it. */
    public static void write(RandomForest forest, OutputStream out) throws IOException {
        int K = forest.classCount();
        long size = 4L + 4 + 4L * K + 4;
        for (DecisionTree t : forest.trees()) {
            long m = t.nodeCount();
            size += 8 + m * 16 + (m + 1) * (4L * K + 4);
        }
        TrainingReport r = forest.training().orElse(null);
        size += 1;
        if (r != null) {
            size += 8 + 4 + 4 + 4 + 8 + 4 + 4 + 8L * r.giniImportance().length + 4
                    + 8L * r.permutationImportance().length + 8;
        }
        if (size > Integer.MAX_VALUE - 64) throw new IOException("forest too large to encode: " + size + " bytes");
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(forest.featureCount()).putInt(K);
        for (int l : forest.classLabels()) b.putInt(l);
        b.putInt(forest.treeCount());
        for (DecisionTree t : forest.trees()) {
            b.putInt(t.nodeCount()).putInt(t.root());
            for (int v : t.featureArray()) b.putInt(v);
            for (float v : t.thresholdArray()) b.putFloat(v);
            for (int v : t.leftArray()) b.putInt(v);
            for (int v : t.rightArray()) b.putInt(v);
            for (float v : t.leafProbabilityArray()) b.putFloat(v);
            for (int v : t.leafSampleArray()) b.putInt(v);
        }
        if (r == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 1).putLong(r.seed()).putInt(r.treeCount()).putInt(r.mtry()).putInt(r.sampleCount())
                    .putDouble(r.oobAccuracy()).putInt(r.oobSamples());
            putDoubles(b, r.giniImportance());
            putDoubles(b, r.permutationImportance());
            b.putDouble(r.seconds());
        }
        if (b.hasRemaining()) throw new IllegalStateException("size mismatch: " + b.remaining() + " bytes left");
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.capacity());
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).putInt(VERSION).putLong(size).putLong(crc.getValue());
        out.write(h.array());
        out.write(b.array());
    }

    /** Encodes {@code forest} into a byte array. */
    public static byte[] toBytes(RandomForest forest) {
        var out = new java.io.ByteArrayOutputStream();
        try {
            write(forest, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Reads a forest written by {@link #write}; reads exactly its bytes from {@code in}, does not close it. */
    public static RandomForest read(InputStream in) throws IOException {
        byte[] header = in.readNBytes(HEADER);
        if (header.length < HEADER) throw new ForestFormatException("forest stream: truncated header ("
                + header.length + " of " + HEADER + " bytes)");
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        h.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) throw new ForestFormatException("forest stream: not a Sylva forest");
        int version = h.getInt();
        if (version != VERSION) {
            throw new ForestFormatException("forest stream: format version " + version + " (this Sylva reads "
                    + VERSION + ")");
        }
        long size = h.getLong();
        long crcValue = h.getLong();
        if (size < 0 || size > Integer.MAX_VALUE - 64) {
            throw new ForestFormatException("forest stream: corrupt payload length " + size);
        }
        byte[] payload = in.readNBytes((int) size);   // grows as data arrives: a bogus length cannot exhaust memory
        if (payload.length < size) {
            throw new ForestFormatException("forest stream: truncated (" + payload.length + " of " + size
                    + " payload bytes)", new EOFException());
        }
        CRC32 crc = new CRC32();
        crc.update(payload);
        if (crc.getValue() != crcValue) throw new ForestFormatException("forest stream: checksum mismatch (corrupt data)");
        try {
            return decode(ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN));
        } catch (BufferUnderflowException e) {
            throw new ForestFormatException("forest stream: payload ends early", e);
        } catch (IllegalArgumentException e) {
            throw new ForestFormatException("forest stream: invalid forest: " + e.getMessage(), e);
        }
    }

    /** Decodes {@link #toBytes} output. */
    public static RandomForest fromBytes(byte[] bytes) throws ForestFormatException {
        try {
            return read(new java.io.ByteArrayInputStream(bytes));
        } catch (ForestFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RandomForest decode(ByteBuffer b) throws ForestFormatException {
        int features = b.getInt();
        int K = count(b, b.getInt(), 4, "class count");
        if (features < 1 || K < 1) throw new ForestFormatException("forest stream: " + features + " features, " + K
                + " classes");
        int[] labels = new int[K];
        for (int k = 0; k < K; k++) labels[k] = b.getInt();
        int treeCount = count(b, b.getInt(), 8, "tree count");
        List<DecisionTree> trees = new ArrayList<>(treeCount);
        for (int t = 0; t < treeCount; t++) {
            int m = b.getInt();
            // a tree of m nodes needs 16·m + (m+1)·(4K + 4) more bytes
            if (m < 0 || (long) m * 16 + (m + 1L) * (4L * K + 4) + 4 > b.remaining()) {
                throw new ForestFormatException("forest stream: tree " + t + " claims " + m
                        + " nodes, more than the data holds");
            }
            int root = b.getInt();
            int[] feature = ints(b, m), left, right;
            float[] threshold = floats(b, m);
            left = ints(b, m);
            right = ints(b, m);
            float[] prob = floats(b, (m + 1) * K);
            int[] samples = ints(b, m + 1);
            try {
                trees.add(new DecisionTree(K, root, feature, threshold, left, right, prob, samples, true));
            } catch (IllegalArgumentException e) {
                throw new ForestFormatException("forest stream: tree " + t + ": " + e.getMessage(), e);
            }
        }
        TrainingReport report = null;
        byte has = b.get();
        if (has == 1) {
            long seed = b.getLong();
            int tc = b.getInt(), mtry = b.getInt(), samples = b.getInt();
            double oob = b.getDouble();
            int oobSamples = b.getInt();
            double[] gini = doubles(b, count(b, b.getInt(), 8, "importance length"));
            double[] perm = doubles(b, count(b, b.getInt(), 8, "importance length"));
            double seconds = b.getDouble();
            report = new TrainingReport(seed, tc, mtry, samples, oob, oobSamples, gini, perm, seconds);
        } else if (has != 0) {
            throw new ForestFormatException("forest stream: bad training flag " + has);
        }
        if (b.hasRemaining()) throw new ForestFormatException("forest stream: " + b.remaining() + " unexpected bytes");
        return new RandomForest(features, labels, trees, report);
    }

    /** Checks that {@code n} elements of {@code bytes} each can still be present. */
    private static int count(ByteBuffer b, int n, int bytes, String what) throws ForestFormatException {
        if (n < 0 || (long) n * bytes > b.remaining()) {
            throw new ForestFormatException("forest stream: corrupt " + what + " " + n);
        }
        return n;
    }

    private static int[] ints(ByteBuffer b, int n) {
        int[] a = new int[n];
        b.asIntBuffer().get(a);
        b.position(b.position() + 4 * n);
        return a;
    }

    private static float[] floats(ByteBuffer b, int n) {
        float[] a = new float[n];
        b.asFloatBuffer().get(a);
        b.position(b.position() + 4 * n);
        return a;
    }

    private static double[] doubles(ByteBuffer b, int n) {
        double[] a = new double[n];
        b.asDoubleBuffer().get(a);
        b.position(b.position() + 8 * n);
        return a;
    }

    private static void putDoubles(ByteBuffer b, double[] v) {
        b.putInt(v.length);
        for (double d : v) b.putDouble(d);
    }
}

package org.sylva.forest;

/**
 * SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, statistically sound generator. One instance per tree, seeded
 * from (forest seed, tree index, stream), so a tree never depends on which thread grew it or on other trees.
 */
final class SplitMix64 {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** The generator of one tree: independent streams for (seed, tree, purpose). */
    static SplitMix64 forTree(long seed, int tree, int stream) {
        long s = mix(seed ^ mix(GOLDEN * (tree + 1L)) ^ mix(0x632BE59BD9B4E019L * (stream + 1L)));
        return new SplitMix64(s);
    }

    long nextLong() {
        return mix(state += GOLDEN);
    }

    /** Uniform in [0, bound), unbiased (Lemire's multiply-shift with rejection); bound ≥ 1. */
    int nextInt(int bound) {
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package org.sylva.features;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.Box;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * Computes ilastik's pixel features (spec §1) for a selection: the two-stage "presmoothed" scheme, ilastik's
 * kernels, mirror borders, channel order and names.
 *
 * <p>How: for every (time point, input channel), stage 1 presmooths the whole volume once per used scale σ with
 * {@code t = sqrt(σ²−1)} (σ itself when σ ≤ 1), window 3.5. Stage 2 then walks the volume in small tiles (sized so a
 * tile's buffers and its part of the output stay in the L2 cache): for each tile and each scale it computes every
 * selected feature with σ' = min(σ, 1), window 2, from the presmoothed volume plus a 3-pixel halo, and writes the
 * results straight into the channels-last output. Tiles run in parallel on the {@link Workers}.
 *
 * <p>Borders: every pass reflects at the image border without repeating the edge sample (vigra's REFLECT). Inside
 * stage 2 the halo of a tile is filled with reflected presmoothed values; the structure tensor's gradient products
 * are reflected again before they are smoothed, exactly as a whole-image pass would see them. So tiles give the
 * whole-image result bit for bit, whatever the tile size.
 */
public final class FeatureEngine {

    /** Stage-2 reach in pixels: structure-tensor gradient radius 1 + tensor smoothing radius 2. */
    static final int HALO = 3;
    private static final double PRESMOOTH_WINDOW = 3.5;
    private static final double FEATURE_WINDOW = 2.0;

    private final FeatureSelection selection;
    private final Workers workers;
    private final Lines lines;
    private final Pointwise ops;
    private final int[] tile2d;
    private final int[] tile3d;
    private final ConcurrentLinkedQueue<Workspace> spare = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Volumes> spareVolumes = new ConcurrentLinkedQueue<>();
    /** Each worker's compact column for stage 1's z pass (see {@link #presmooth}). */
    private final ThreadLocal<double[]> columns = ThreadLocal.withInitial(() -> new double[0]);
    /** Each worker's slice along x for stage 1's y pass (see {@link #presmooth}). */
    private final ThreadLocal<double[]> slices = ThreadLocal.withInitial(() -> new double[0]);

    /** An engine for {@code selection} running on {@code workers}, with the fastest available kernels. */
    public FeatureEngine(FeatureSelection selection, Workers workers) {
        this(selection, workers, Lines.best(), Pointwise.best());
    }

    FeatureEngine(FeatureSelection selection, Workers workers, Lines lines, Pointwise ops) {
        this.selection = selection;
        this.workers = workers;
        this.lines = lines;
        this.ops = ops;
        this.tile2d = tileProperty("sylva.tile2d", new int[]{1, 32, 128});
        // 3D: 8 × 16 × 128 — rows of 128 (a whole row of a 128-wide volume) make each slice of a tile's output one
        // contiguous run of the channels-last image, and the x halo 5% of a row instead of 9% (3–5% faster than
        // 8 × 16 × 64 in alternated runs; taller or wider tiles outgrow the L2 cache and are slower)
        this.tile3d = tileProperty("sylva.tile3d", new int[]{8, 16, 128});
    }

    public FeatureSelection selection() { return selection; }

    /**
     * The axes of the feature image for an input of {@code shape}: ilastik's lane order (spec §6.2) — t and z only
     * when they have more than one element — followed by the feature channels: {@code yxc}, {@code zyxc},
     * {@code tyxc} or {@code tzyxc}.
     */
    public static Axes outputAxes(Shape shape) {
        return Axes.of((shape.t() > 1 ? "t" : "") + (shape.z() > 1 ? "z" : "") + "yxc");
    }

    /**
     * Features of every time point and channel of {@code input}: a float32 image with the same t, z, y, x extents,
     * one channel per feature channel in ilastik's order (see {@link FeatureSelection#channelNames}), axes
     * {@link #outputAxes}. The input is read as float without normalisation.
     *
     * @throws FeatureScaleException if a selected scale is too large for the image
     */
    public Image compute(Image input) {
        return compute(input, Progress.NONE);
    }

    /** {@link #compute(Image)}, reporting progress in tiles done (thread-safe callbacks from the workers). */
    public Image compute(Image input, Progress progress) {
        Shape s = input.shape();
        selection.checkFits(s);
        int features = selection.channelCount(s.c(), s.z());
        if (features == 0) throw new IllegalArgumentException("no features selected");
        Shape outShape = s.with('c', features);
        // many planes are allocated by the workers when their first tile arrives (zeroing hundreds of MB on one
        // thread before the work starts costs as much as a third of the computation); a few huge planes (a 2D
        // image) are allocated first, while the heap is empty, because a huge array needs contiguous heap
        AtomicReferenceArray<float[]> planes = new AtomicReferenceArray<>(outShape.planes());
        if (outShape.planes() <= 2 * workers.threads()) {
            for (int i = 0; i < outShape.planes(); i++) planes.set(i, new float[outShape.planeSize()]);
        }
        int X = s.x();
        computeChannels(input, (t, box) -> true, (t, box, ch, F) -> {
            // each tile row is a contiguous run of the channels-last output: interleave straight into it
            int i = 0, W = box.width();
            for (int dz = 0; dz < box.depth(); dz++) {
                float[] plane = plane(planes, t * s.z() + box.z0() + dz, outShape.planeSize());
                for (int dy = 0; dy < box.height(); dy++, i += W) {
                    interleaveRun(ch, F, i, W, plane, ((box.y0() + dy) * X + box.x0()) * F);
                }
            }
        }, progress);
        Object[] all = new Object[planes.length()];
        for (int i = 0; i < all.length; i++) all[i] = plane(planes, i, outShape.planeSize());
        return Image.wrap(DType.FLOAT32, outShape, outputAxes(s), all)
                .withCalibration(input.calibration()).withName(input.name());
    }

    /**
     * {@code out[o + p·F + f] = channels[f][i + p]} for p &lt; n — built for memory that is not in the cache (a
     * feature image far larger than the caches), and used for the sinks' pixel-major tile buffers too: in blocks
     * of 64 pixels whose output (64·F floats) stays in the L1 cache while every channel is copied in. Each block's
     * output is first cleared with sequential stores: they bring its cache lines in as a prefetchable stream, where
     * the strided scatter alone waits for one line after another (the sink of a 3D feature image costs 40% less CPU
     * so). Four channels are copied per sweep over the block: their four stores per pixel fall into one cache line
     * (10% less time than one channel per sweep).
     */
    static void interleaveRun(float[][] channels, int F, int i, int n, float[] out, int o) {
        for (int p0 = 0; p0 < n; p0 += 64) {
            int p1 = Math.min(n, p0 + 64);
            java.util.Arrays.fill(out, o + p0 * F, o + p1 * F, 0f);
            int c = 0;
            for (; c + 4 <= F; c += 4) {
                float[] s0 = channels[c], s1 = channels[c + 1], s2 = channels[c + 2], s3 = channels[c + 3];
                for (int p = p0; p < p1; p++) {
                    int k = o + p * F + c;
                    out[k] = s0[i + p];
                    out[k + 1] = s1[i + p];
                    out[k + 2] = s2[i + p];
                    out[k + 3] = s3[i + p];
                }
            }
            for (; c < F; c++) {
                float[] src = channels[c];
                for (int p = p0; p < p1; p++) out[o + p * F + c] = src[i + p];
            }
        }
    }

    /** Plane {@code i}, allocated on first use (thread-safe; a lost race only wastes one allocation). */
    private static float[] plane(AtomicReferenceArray<float[]> planes, int i, int size) {
        float[] p = planes.get(i);
        if (p != null) return p;
        planes.compareAndSet(i, null, new float[size]);
        return planes.get(i);
    }

    /**
     * Computes the features of every time point of {@code input} tile by tile and hands each tile's features to
     * {@code sink} (concurrently, for disjoint tiles) — the whole feature image never exists in memory.
     *
     * @throws FeatureScaleException if a selected scale is too large for the image
     */
    public void compute(Image input, TileSink sink, Progress progress) {
        compute(input, (t, box) -> true, sink, progress);
    }

    /**
     * {@link #compute(Image, TileSink, Progress)} for the tiles {@code wanted} accepts only (e.g. those holding
     * labels, or not fully masked): stage 2, the bulk of the work, is skipped for the others.
     */
    public void compute(Image input, TileFilter wanted, TileSink sink, Progress progress) {
        computeChannels(input, wanted, interleaving(sink), progress);
    }

    /** A channel sink that hands each tile to {@code sink} pixel-major, through a buffer per worker thread. */
    private static ChannelTileSink interleaving(TileSink sink) {
        ThreadLocal<float[]> interleaved = ThreadLocal.withInitial(() -> new float[0]);
        return (t, box, channels, F) -> {
            int n = box.size();
            float[] out = interleaved.get();
            if (out.length < n * F) interleaved.set(out = new float[n * F]);
            interleaveRun(channels, F, 0, n, out, 0);
            sink.accept(t, box, out, F);
        };
    }

    /**
     * {@link #compute(Image, TileFilter, TileSink, Progress)} handing each tile's features over channel by channel
     * ({@link ChannelTileSink}), without interleaving them.
     */
    public void computeChannels(Image input, TileFilter wanted, ChannelTileSink sink, Progress progress) {
        Shape s = input.shape();
        selection.checkFits(s);
        if (selection.channelCount(s.c(), s.z()) == 0) throw new IllegalArgumentException("no features selected");
        List<ScalePlan> plans = plan(s);
        int[] tile = tileFor(plans);
        long perTimePoint = (long) ceilDiv(s.z(), Math.min(tile[0], s.z())) * ceilDiv(s.y(), Math.min(tile[1], s.y()))
                * ceilDiv(s.x(), Math.min(tile[2], s.x()));
        long total = perTimePoint * s.t();
        AtomicLong done = new AtomicLong();
        for (int t = 0; t < s.t(); t++) {
            computeTimePoint(input, t, plans, wanted, sink, () -> progress.update(done.incrementAndGet(), total));
        }
    }

    /** Which kernels and output channels each used scale needs. */
    private List<ScalePlan> plan(Shape s) {
        double[] scales = selection.scales();
        int channels = s.c();
        List<ScalePlan> plans = new ArrayList<>();
        // channel base of each selected feature, in output order (row by row, then scales)
        int base = 0;
        int[][] bases = new int[selection.ids().size()][scales.length];
        boolean[][] m = selection.matrix();
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < scales.length; j++) {
                bases[i][j] = -1;
                if (m[i][j]) {
                    boolean in2d = selection.in2d(j, s.z());
                    bases[i][j] = base;
                    base += channels * selection.ids().get(i).resultsPerChannel(in2d ? 2 : 3);
                }
            }
        }
        for (int j = 0; j < scales.length; j++) {
            int[] bySlot = new int[FeatureId.values().length];
            java.util.Arrays.fill(bySlot, -1);
            boolean used = false;
            for (int i = 0; i < m.length; i++) {
                if (m[i][j]) {
                    bySlot[selection.ids().get(i).ordinal()] = bases[i][j];
                    used = true;
                }
            }
            if (used) plans.add(new ScalePlan(scales[j], selection.in2d(j, s.z()), bySlot));
        }
        return plans;
    }

    private int[] tileFor(List<ScalePlan> plans) {
        for (ScalePlan sp : plans) if (!sp.in2d) return tile3d;
        return tile2d;
    }

    private void computeTimePoint(Image input, int t, List<ScalePlan> plans, TileFilter wanted, ChannelTileSink sink,
                                  Runnable tileDone) {
        Shape s = input.shape();
        int Z = s.z(), Y = s.y(), X = s.x(), C = s.c();
        int voxels = Math.toIntExact((long) Z * Y * X);
        // stage 1 for every input channel and scale of this time point, into reused volumes: allocating them anew
        // per call makes the garbage collector copy hundreds of MB of live volumes
        Volumes v = volumes(C * plans.size() + 1, voxels);
        try {
            float[][][] smoothed = new float[C][plans.size()][];
            for (int c = 0; c < C; c++) {
                float[] volume = v.get(0);
                input.channelAsFloat(t, c, volume);
                for (int p = 0; p < plans.size(); p++) {
                    ScalePlan sp = plans.get(p);
                    smoothed[c][p] = v.get(1 + c * plans.size() + p);
                    presmooth(volume, Z, Y, X, sp.pre, sp.in2d, slicewise(Z, Y, X, sp.in2d) ? null : v.doubles(0),
                            Z > 1 ? v.doubles(1) : null,
                            smoothed[c][p]);
                }
            }
            stage2All(s, plans, smoothed, wanted, sink, t, tileDone);
        } finally {
            spareVolumes.add(v);
        }
    }

    private void stage2All(Shape s, List<ScalePlan> plans, float[][][] smoothed, TileFilter wanted, ChannelTileSink sink,
                           int t, Runnable tileDone) {
        int Z = s.z(), Y = s.y(), X = s.x();
        int[] tile = tileFor(plans);
        boolean threeD = tile == tile3d;
        int tz = Math.min(tile[0], Z), ty = Math.min(tile[1], Y), tx = Math.min(tile[2], X);
        int nz = ceilDiv(Z, tz), ny = ceilDiv(Y, ty), nx = ceilDiv(X, tx);
        workers.forEach(nz * ny * nx, k -> {
            int iz = k / (ny * nx), iy = (k / nx) % ny, ix = k % nx;
            int z0 = iz * tz, y0 = iy * ty, x0 = ix * tx;
            Box box = new Box(z0, y0, x0, Math.min(tz, Z - z0), Math.min(ty, Y - y0), Math.min(tx, X - x0));
            if (wanted.test(t, box)) stage2Tile(s, plans, smoothed, box, threeD, new int[]{tz, ty, tx}, sink, t);
            tileDone.run();
        });
    }

    /**
     * Stage 2 of one tile {@code box} (at most {@code capacity} pixels per axis): every selected feature of every
     * input channel and scale, handed to {@code sink}. Runs on the calling thread with a pooled workspace.
     */
    private void stage2Tile(Shape s, List<ScalePlan> plans, float[][][] smoothed, Box box, boolean threeD,
                            int[] capacity, ChannelTileSink sink, int t) {
        int Z = s.z(), Y = s.y(), X = s.x(), C = s.c();
        int F = selection.channelCount(C, Z);
        Tile g = new Tile(Z, Y, X, box.z0(), box.y0(), box.x0(), box.depth(), box.height(), box.width(),
                threeD ? HALO : 0);
        Workspace w = take(threeD ? new Tile(Z, Y, X, 0, 0, 0, capacity[0], capacity[1], capacity[2], HALO)
                : new Tile(Z, Y, X, 0, 0, 0, 1, capacity[1], capacity[2], 0));
        try {
            w.begin(g, F);
            for (int c = 0; c < C; c++) {
                for (int p = 0; p < plans.size(); p++) {
                    ScalePlan sp = plans.get(p);
                    if (sp.in2d) {
                        for (int dz = 0; dz < g.tz; dz++) {
                            Tile slice = new Tile(Z, Y, X, g.z0 + dz, g.y0, g.x0, 1, g.ty, g.tx, 0);
                            stage2(w, sp, smoothed[c][p], slice, c, C);
                        }
                    } else {
                        stage2(w, sp, smoothed[c][p], g, c, C);
                    }
                }
            }
            sink.accept(t, box, w.chan, F);
        } finally {
            spare.add(w);
        }
    }

    // ---------------------------------------------------------------- stage 1 kept: features of any box on demand

    /**
     * The extents {z, y, x} of the tiles {@link #compute(Image, TileFilter, TileSink, Progress)} hands to its sink
     * for an image of {@code shape} (the engine's tile grid starts at the origin; tiles at the far borders are
     * cut). Training gathers its samples in the raster order of these tiles.
     */
    public int[] tileShape(Shape shape) {
        int[] tile = tileFor(plan(shape));
        return new int[]{Math.min(tile[0], shape.z()), Math.min(tile[1], shape.y()), Math.min(tile[2], shape.x())};
    }

    /**
     * Stage 1 of time point {@code t} of {@code input}, kept so that the features of any box can then be computed
     * on demand ({@link #compute(Presmoothed, Box, TileSink)}) — what an interactive viewer needs: presmoothing is
     * a whole-volume pass, stage 2 is local. Holds {@link Presmoothed#bytes()} of memory.
     *
     * @throws FeatureScaleException if a selected scale is too large for the image
     */
    public Presmoothed presmooth(Image input, int t) {
        Shape s = input.shape();
        selection.checkFits(s);
        if (selection.channelCount(s.c(), s.z()) == 0) throw new IllegalArgumentException("no features selected");
        if (t < 0 || t >= s.t()) throw new IllegalArgumentException("no time point " + t + " in " + s);
        List<ScalePlan> plans = plan(s);
        int Z = s.z(), Y = s.y(), X = s.x(), C = s.c();
        int voxels = Math.toIntExact((long) Z * Y * X);
        float[][][] smoothed = new float[C][plans.size()][];
        float[] volume = new float[voxels];
        double[] da = null;
        double[] db = Z > 1 ? new double[voxels] : null;
        for (int c = 0; c < C; c++) {
            input.channelAsFloat(t, c, volume);
            for (int p = 0; p < plans.size(); p++) {
                ScalePlan sp = plans.get(p);
                smoothed[c][p] = new float[voxels];
                if (da == null && !slicewise(Z, Y, X, sp.in2d)) da = new double[voxels];
                presmooth(volume, Z, Y, X, sp.pre, sp.in2d, da, db, smoothed[c][p]);
            }
        }
        return new Presmoothed(this, s.with('t', 1), t, plans, smoothed);
    }

    /**
     * The features of {@code box} (pixels of the time point {@code p} was made from), bit for bit those of
     * {@link #compute(Image)} at the same pixels: the box is cut into tiles, computed in parallel on the workers
     * and handed to {@code sink} (concurrently, for disjoint tiles inside the box). A box one pixel thick (a slice
     * of a volume in any orientation) is cut into tiles that are thin along that axis, so a slice costs work in
     * proportion to its own pixels.
     *
     * @throws IllegalArgumentException if the box does not lie inside the image, or {@code p} belongs to another
     *                                  engine's selection
     */
    public void compute(Presmoothed p, Box box, TileSink sink) {
        computeChannels(p, box, interleaving(sink));
    }

    /**
     * {@link #compute(Presmoothed, Box, TileSink)} handing each tile's features over channel by channel
     * ({@link ChannelTileSink}), without interleaving them.
     */
    public void computeChannels(Presmoothed p, Box box, ChannelTileSink sink) {
        if (p.engine != this && !p.engine.selection.equals(selection)) {
            throw new IllegalArgumentException("these presmoothed volumes were made for another feature selection");
        }
        Shape s = p.shape;
        if (box.z0() < 0 || box.y0() < 0 || box.x0() < 0 || box.z0() + box.depth() > s.z()
                || box.y0() + box.height() > s.y() || box.x0() + box.width() > s.x()) {
            throw new IllegalArgumentException("box " + box + " lies outside the image " + s);
        }
        int[] std = tileFor(p.plans);
        boolean threeD = std == tile3d;
        int[] e = {threeD ? Math.min(std[0], box.depth()) : 1, Math.min(std[1], box.height()),
            Math.min(std[2], box.width())};
        // grow the tile along the box's long axes when the box is thin, keeping the standard tile's pixel count
        long target = (long) std[0] * std[1] * std[2];
        int[] limit = {threeD ? box.depth() : 1, box.height(), box.width()};
        for (boolean grown = true; grown && (long) e[0] * e[1] * e[2] < target; ) {
            grown = false;
            for (int a = 2; a >= 0 && (long) e[0] * e[1] * e[2] < target; a--) {
                if (e[a] < limit[a]) {
                    e[a] = Math.min(limit[a], e[a] * 2);
                    grown = true;
                }
            }
        }
        int nz = ceilDiv(box.depth(), e[0]), ny = ceilDiv(box.height(), e[1]), nx = ceilDiv(box.width(), e[2]);
        workers.forEach(nz * ny * nx, k -> {
            int iz = k / (ny * nx), iy = (k / nx) % ny, ix = k % nx;
            int z0 = box.z0() + iz * e[0], y0 = box.y0() + iy * e[1], x0 = box.x0() + ix * e[2];
            Box b = new Box(z0, y0, x0, Math.min(e[0], box.z0() + box.depth() - z0),
                    Math.min(e[1], box.y0() + box.height() - y0), Math.min(e[2], box.x0() + box.width() - x0));
            stage2Tile(s, p.plans, p.smoothed, b, threeD, e, sink, p.t);
        });
    }

    /**
     * The features of {@code box}, pixel-major: {@code result[i·F + f]} is channel f of the box's pixel i, pixels
     * in (z, y, x) order of the box, F = {@link Presmoothed#channels()}.
     */
    public float[] compute(Presmoothed p, Box box) {
        int F = p.channels();
        float[] out = new float[Math.multiplyExact(box.size(), F)];
        computeChannels(p, box, (t, b, ch, nf) -> {
            // each tile row is a contiguous run of the pixel-major result: interleave straight into it
            int i = 0, W = b.width();
            for (int dz = 0; dz < b.depth(); dz++) {
                for (int dy = 0; dy < b.height(); dy++, i += W) {
                    int row = (((b.z0() - box.z0() + dz) * box.height() + (b.y0() - box.y0() + dy)) * box.width()
                            + (b.x0() - box.x0())) * F;
                    interleaveRun(ch, F, i, W, out, row);
                }
            }
        });
        return out;
    }

    /**
     * Stage 1 of one time point of one image: its presmoothed volumes (one per input channel and used scale),
     * from which {@link #compute(Presmoothed, Box, TileSink)} computes the features of any box. Immutable.
     */
    public static final class Presmoothed {
        private final FeatureEngine engine;
        private final Shape shape;
        private final int t;
        private final List<ScalePlan> plans;
        private final float[][][] smoothed;

        private Presmoothed(FeatureEngine engine, Shape shape, int t, List<ScalePlan> plans, float[][][] smoothed) {
            this.engine = engine;
            this.shape = shape;
            this.t = t;
            this.plans = plans;
            this.smoothed = smoothed;
        }

        /** The image's extents (one time point). */
        public Shape shape() { return shape; }

        /** The time point. */
        public int t() { return t; }

        /** Number of feature channels F. */
        public int channels() { return engine.selection.channelCount(shape.c(), shape.z()); }

        /** Memory held, in bytes. */
        public long bytes() {
            return 4L * shape.voxelsPerTimePoint() * shape.c() * plans.size();
        }
    }

    // ---------------------------------------------------------------- stage 1: presmoothing of the whole volume

    /**
     * Separable Gaussian of {@code volume} (z, y, x) with mirror borders: along x, y and (unless {@code in2d} or a
     * single slice) z. Returns a new array; {@code tmp} is scratch of the same size.
     */
    float[] presmooth(float[] volume, int Z, int Y, int X, Kernel1D k, boolean in2d, float[] tmp) {
        float[] a = new float[volume.length];
        presmooth(volume, Z, Y, X, k, in2d, tmp, a);
        return a;
    }

    /** {@link #presmooth(float[], int, int, int, Kernel1D, boolean, float[])} into {@code a} (same size). */
    void presmooth(float[] volume, int Z, int Y, int X, Kernel1D k, boolean in2d, float[] tmp, float[] a) {
        double[] da = new double[volume.length], db = in2d || Z == 1 ? null : new double[volume.length];
        presmooth(volume, Z, Y, X, k, in2d, da, db, a);
    }

    /**
     * Stage 1 with double intermediates holding float-rounded values ({@code da}, which may be null when the volume
     * is filtered slice by slice (see {@link #slicewise}), and {@code db} for 3D), so that
     * each tap is a double multiply-add without conversions — vigra's arithmetic (double sums, float storage
     * between passes) at a third of the cost of converting every tap.
     */
    void presmooth(float[] volume, int Z, int Y, int X, Kernel1D k, boolean in2d, double[] da, double[] db,
                   float[] a) {
        int r = k.radius();
        double[] w = k.doubleWeights();
        int chunk = 8;
        boolean threeD = !(in2d || Z == 1);
        if (slicewise(Z, Y, X, in2d)) {
            // x, then y, one slice at a time: the slice's x result stays in the cache (a 128×128 slice is 128 KB of
            // doubles), instead of a whole volume written to memory and read back
            workers.forEach(Z, z -> {
                double[] slice = slices.get();
                if (slice.length < Y * X) slices.set(slice = new double[Y * X]);
                double[] line = new double[X + 2 * r];
                for (int y = 0; y < Y; y++) rowAlongX(volume, (z * Y + y) * X, X, line, slice, y * X, r, w);
                alongY(slice, 0, db, null, z * Y * X, 0, Y, Y, X, r, w);
            });
        } else {
            int rows = Z * Y;
            workers.forEach(ceilDiv(rows, chunk), b -> {
                double[] line = new double[X + 2 * r];
                for (int row = b * chunk; row < Math.min(rows, (b + 1) * chunk); row++) {
                    rowAlongX(volume, row * X, X, line, da, row * X, r, w);
                }
            });
            // tasks of 8 rows of a slice
            int yBlocks = ceilDiv(Y, chunk);
            workers.forEach(Z * yBlocks, b -> {
                int z = b / yBlocks, y0 = (b % yBlocks) * chunk, y1 = Math.min(Y, y0 + chunk);
                alongY(da, z * Y * X, threeD ? db : null, threeD ? null : a, z * Y * X, y0, y1, Y, X, r, w);
            });
        }
        if (!threeD) return;
        // along z, four output slices at a time, over columns: a task copies a few rows (y) of every slice into a
        // compact column (Z · zRows · X doubles, ≤ 256 KB) and filters it there, in the L2 cache. Read in place, the
        // slices' rows lie a power of two apart (a 128×128 slice is 128 KB) and all fall into the same cache sets,
        // which then hold 8 of the 2r+4 rows a window needs: the pass ran at a seventh of its arithmetic speed
        int zRows = Math.max(1, Math.min(Y, (256 * 1024 / 8) / Math.max(1, Z * X)));
        int plane = Y * X;
        workers.forEach(ceilDiv(Y, zRows), b -> {
            int y0 = b * zRows, len = (Math.min(Y, y0 + zRows) - y0) * X;
            double[] col = columns.get();
            if (col.length < Z * len) columns.set(col = new double[Z * len]);
            for (int z = 0; z < Z; z++) System.arraycopy(db, (z * Y + y0) * X, col, z * len, len);
            int[] src = new int[w.length + 3];
            for (int z = 0; z < Z; ) {
                int step = z + 4 <= Z ? 4 : 1;
                for (int j = 0; j < w.length + step - 1; j++) src[j] = mirror(z - r + j, Z) * len;
                int at = (z * Y + y0) * X;
                if (step == 4) lines.combine4(col, src, a, at, plane, len, w);
                else lines.combine(col, src, a, at, len, w);
                z += step;
            }
        });
    }

    /**
     * Whether stage 1 filters a volume along x and y slice by slice (3D, slices of at most 64 Ki pixels), needing
     * no whole-volume scratch for the x pass ({@code da} of {@link #presmooth} may then be null).
     */
    private static boolean slicewise(int Z, int Y, int X, boolean in2d) {
        return !in2d && Z > 1 && (long) Y * X <= 64 * 1024;
    }

    /** One row along x: widened into a reflected, padded double line, correlated into {@code dst[d ..]}. */
    private void rowAlongX(float[] src, int s, int X, double[] line, double[] dst, int d, int r, double[] w) {
        for (int i = -r; i < 0; i++) line[i + r] = src[s + mirror(i, X)];
        for (int i = 0; i < X; i++) line[i + r] = src[s + i];
        for (int i = X; i < X + r; i++) line[i + r] = src[s + mirror(i, X)];
        lines.correlate(line, 0, dst, d, X, w);
    }

    /**
     * Output rows y ∈ [y0, y1) of one slice along y, from the slice at {@code src[s ..]} (Y rows of X) into
     * {@code dd} or {@code df} (whichever is not null) at {@code d}: four rows at a time, each input row loaded
     * once for all four.
     */
    private void alongY(double[] src, int s, double[] dd, float[] df, int d, int y0, int y1, int Y, int X, int r,
                        double[] w) {
        int[] rows = new int[w.length + 3];
        for (int y = y0; y < y1; ) {
            int step = y + 4 <= y1 ? 4 : 1;
            for (int j = 0; j < w.length + step - 1; j++) rows[j] = s + mirror(y - r + j, Y) * X;
            int at = d + y * X;
            if (step == 4) {
                if (dd != null) lines.combine4(src, rows, dd, at, X, X, w);
                else lines.combine4(src, rows, df, at, X, X, w);
            } else {
                if (dd != null) lines.combine(src, rows, dd, at, X, w);
                else lines.combine(src, rows, df, at, X, w);
            }
            y += step;
        }
    }

    // ---------------------------------------------------------------- stage 2: the features of one tile

    /**
     * All selected features of one scale for one tile; results go to their channels of the tile (see emit).
     *
     * <p>Every pass runs over the whole padded tile buffer as one contiguous span: a pass along an axis with radius
     * r is valid r pixels in from the buffer's faces along that axis, and each interior output depends only on
     * valid values (the halo is wider than any chain of stage-2 radii). The values outside are never read for an
     * interior result, so computing them costs a little arithmetic but saves thousands of short calls per tile.
     */
    private void stage2(Workspace w, ScalePlan sp, float[] P, Tile g, int c, int C) {
        boolean is3d = g.hz > 0;
        w.reshape(g);
        fillPadded(P, g, w.p);
        int[] slot = sp.channelBase;
        int bGs = slot[FeatureId.GaussianSmoothing.ordinal()];
        int bLog = slot[FeatureId.LaplacianOfGaussian.ordinal()];
        int bGgm = slot[FeatureId.GaussianGradientMagnitude.ordinal()];
        int bDog = slot[FeatureId.DifferenceOfGaussians.ordinal()];
        int bSte = slot[FeatureId.StructureTensorEigenvalues.ordinal()];
        int bHog = slot[FeatureId.HessianOfGaussianEigenvalues.ordinal()];
        boolean log = bLog >= 0, ggm = bGgm >= 0, hog = bHog >= 0;
        // what each stage must cover (stage-2 kernels reach at most 2 pixels): the interior, and the interior
        // grown by 2 along the axes that passes still to come will read
        int h = HALO, hz = g.hz;
        int zi = hz, zj = hz + g.tz, yi = h, yj = h + g.ty;                 // interior
        int zo = is3d ? hz - 2 : 0, zp = is3d ? hz + g.tz + 2 : 1;          // slices read by z passes
        int yo = h - 2, yp = h + g.ty + 2;                                  // rows read by y passes
        // per-voxel operations cover the span from the first to the last interior voxel, not the whole buffer
        int in0 = zi * w.sz + yi * w.TX, in1 = (zj - 1) * w.sz + yj * w.TX;

        // Gaussian smoothing and difference of Gaussians: vigra's gaussianSmoothing, double kernels
        if (bGs >= 0 || bDog >= 0) {
            int r = Math.max(sp.g0.radius(), bDog >= 0 ? sp.d0.radius() : 0);
            int za = is3d ? zi - r : 0, zb = is3d ? zj + r : 1;             // the span smooth's x pass reads
            ops.widen(w.p, w.pd, Math.max(0, za * w.sz + (yi - r) * w.TX - r),
                    Math.min(w.size, (zb - 1) * w.sz + (yj + r) * w.TX + r));
            smooth(w.r[0], sp.g0, w, g);
            if (bGs >= 0) emit(w.r[0], w, g, bGs, c, 1, 0);
            if (bDog >= 0) {
                smooth(w.r[1], sp.d0, w, g);
                ops.difference(w.r[0], w.r[1], w.r[1], in0, in1);
                emit(w.r[1], w, g, bDog, c, 1, 0);
            }
        }
        // derivative filters: vigra's Kernel1D<float>, float sums; x passes shared by all of them
        if (log || ggm || hog) {
            passesX(w.p, new float[][]{w.x0, w.x1, w.x2}, new Kernel1D[]{sp.f0, sp.f1, sp.f2}, w, zo, zp, yo, yp);
        }
        if (!is3d) {
            if (log || hog) {
                passY(w.x2, w.r[2], sp.f0, w, zi, zj, yi, yj);      // ∂²/∂x²
                passY(w.x0, w.r[3], sp.f2, w, zi, zj, yi, yj);      // ∂²/∂y²
                if (log) {
                    ops.sum(w.r[2], w.r[3], null, w.r[4], in0, in1);
                    emit(w.r[4], w, g, bLog, c, 1, 0);
                }
                if (hog) {
                    passY(w.x1, w.r[4], sp.f1, w, zi, zj, yi, yj);  // ∂²/∂x∂y
                    ops.eigen2(w.r[2], w.r[4], w.r[3], w.r[5], w.r[6], in0, in1);
                    emit(w.r[5], w, g, bHog, c, 2, 0);
                    emit(w.r[6], w, g, bHog, c, 2, 1);
                }
            }
            if (ggm) {
                passY(w.x1, w.r[2], sp.f0, w, zi, zj, yi, yj);      // ∂/∂x
                passY(w.x0, w.r[3], sp.f1, w, zi, zj, yi, yj);      // ∂/∂y
                ops.magnitude(w.r[2], w.r[3], null, w.r[4], in0, in1);
                emit(w.r[4], w, g, bGgm, c, 1, 0);
            }
        } else if (log || ggm || hog) {
            passY(w.x0, w.y00, sp.f0, w, zo, zp, yi, yj);
            if (log || hog) {
                passY(w.x2, w.y20, sp.f0, w, zo, zp, yi, yj);
                passY(w.x0, w.y02, sp.f2, w, zo, zp, yi, yj);
                passZ(w.y20, w.r[2], sp.f0, w, zi, zj, yi, yj);     // xx
                passZ(w.y02, w.r[3], sp.f0, w, zi, zj, yi, yj);     // yy
                passZ(w.y00, w.r[4], sp.f2, w, zi, zj, yi, yj);     // zz
                if (log) {
                    ops.sum(w.r[2], w.r[3], w.r[4], w.r[5], in0, in1);
                    emit(w.r[5], w, g, bLog, c, 1, 0);
                }
            }
            if (hog || ggm) {
                passY(w.x1, w.y10, sp.f0, w, zo, zp, yi, yj);
                passY(w.x0, w.y01, sp.f1, w, zo, zp, yi, yj);
            }
            if (hog) {
                passY(w.x1, w.y11, sp.f1, w, zo, zp, yi, yj);
                passZ(w.y11, w.r[5], sp.f0, w, zi, zj, yi, yj);     // xy
                passZ(w.y10, w.r[6], sp.f1, w, zi, zj, yi, yj);     // xz
                passZ(w.y01, w.r[7], sp.f1, w, zi, zj, yi, yj);     // yz
                eigen3(w, g, w.r[2], w.r[5], w.r[6], w.r[3], w.r[7], w.r[4], bHog, c);
            }
            if (ggm) {
                passZ(w.y10, w.r[2], sp.f0, w, zi, zj, yi, yj);     // ∂/∂x
                passZ(w.y01, w.r[3], sp.f0, w, zi, zj, yi, yj);     // ∂/∂y
                passZ(w.y00, w.r[4], sp.f1, w, zi, zj, yi, yj);     // ∂/∂z
                ops.magnitude(w.r[2], w.r[3], w.r[4], w.r[5], in0, in1);
                emit(w.r[5], w, g, bGgm, c, 1, 0);
            }
        }
        if (bSte >= 0) structureTensor(w, sp, g, bSte, c, C);
    }

    /**
     * Separable smoothing (double kernel, vigra's gaussianSmoothing) of the padded tile, whose values are already
     * widened into {@code w.pd}, along x, y (and z), into the interior of {@code dst}. The intermediates stay in
     * double buffers holding float-rounded values: vigra's arithmetic without a conversion per tap.
     */
    private void smooth(float[] dst, Kernel1D k, Workspace w, Tile g) {
        int h = HALO, r = k.radius();
        int zi = g.hz, zj = g.hz + g.tz, yi = h, yj = h + g.ty;
        double[] wt = k.doubleWeights();
        int[] rows = w.rows;
        boolean is3d = g.hz > 0;
        int za = is3d ? zi - r : 0, zb = is3d ? zj + r : 1;
        for (int z = za; z < zb; z++) {                                // along x
            int from = Math.max(z * w.sz + (yi - r) * w.TX, r);
            int to = Math.min(z * w.sz + (yj + r) * w.TX, w.size - r);
            lines.correlate(w.pd, from - r, w.dx, from, to - from, wt);
        }
        for (int z = za; z < zb; z++) {                                // along y
            int at = z * w.sz + yi * w.TX;
            for (int j = 0; j < wt.length; j++) rows[j] = at + (j - r) * w.TX;
            if (is3d) lines.combine(w.dx, rows, w.dy, at, (yj - yi) * w.TX, wt);
            else lines.combine(w.dx, rows, dst, at, (yj - yi) * w.TX, wt);
        }
        if (!is3d) return;
        for (int z = zi; z < zj; z++) {                                // along z
            int at = z * w.sz + yi * w.TX;
            for (int j = 0; j < wt.length; j++) rows[j] = at + (j - r) * w.sz;
            lines.combine(w.dy, rows, dst, at, (yj - yi) * w.TX, wt);
        }
    }

    /**
     * Structure-tensor eigenvalues as ilastik's shipped engine computes them (spec §1.5): gradient at 0.5σ',
     * products, then Gaussian smoothing of the products at σ'. Before smoothing, the products at positions outside
     * the image are replaced by their reflections, as a whole-image smoothing pass would see them.
     */
    private void structureTensor(Workspace w, ScalePlan sp, Tile g, int base, int c, int C) {
        boolean is3d = g.hz > 0;
        int rs = sp.s0.radius(), rg = Math.max(sp.h0.radius(), sp.h1.radius());
        int h = HALO, hz = g.hz;
        int zi = hz, zj = hz + g.tz, yi = h, yj = h + g.ty;                 // interior
        // E: the interior grown by the smoothing radius, where the products are needed
        int ea = h - rs, eb = h + g.tx + rs, fa = h - rs, fb = h + g.ty + rs;
        int ga = is3d ? hz - rs : 0, gb = is3d ? hz + g.tz + rs : 1;
        int gza = is3d ? ga - rg : 0, gzb = is3d ? gb + rg : 1;             // slices the gradient's z pass reads
        // the products' span: rows fa..fb of the slices ga..gb, and the r samples the x pass reads beyond it
        int p0 = Math.max(0, ga * w.sz + fa * w.TX - rs), p1 = Math.min(w.size, (gb - 1) * w.sz + fb * w.TX + rs);
        int in0 = zi * w.sz + yi * w.TX, in1 = (zj - 1) * w.sz + yj * w.TX;
        passesX(w.p, new float[][]{w.x1, w.x0}, new Kernel1D[]{sp.h1, sp.h0}, w, gza, gzb, fa - rg, fb + rg);
        if (!is3d) {
            passY(w.x1, w.y10, sp.h0, w, 0, 1, fa, fb);      // gx
            passY(w.x0, w.y01, sp.h1, w, 0, 1, fa, fb);      // gy
            ops.product(w.y10, w.y10, w.y00, p0, p1);
            ops.product(w.y10, w.y01, w.y11, p0, p1);
            ops.product(w.y01, w.y01, w.y20, p0, p1);
            float[][] t = {w.y00, w.y11, w.y20};
            for (int k = 0; k < 3; k++) {
                reflectOutside(t[k], g, ga, gb, fa, fb, ea, eb);
                passX(t[k], w.xd, sp.s0, w, 0, 1, fa, fb);
                passY(w.xd, w.r[2 + k], sp.s0, w, 0, 1, yi, yj);
            }
            ops.eigen2(w.r[2], w.r[3], w.r[4], w.r[5], w.r[6], in0, in1);
            emit(w.r[5], w, g, base, c, 2, 0);
            emit(w.r[6], w, g, base, c, 2, 1);
        } else {
            passY(w.x1, w.y10, sp.h0, w, gza, gzb, fa, fb);
            passY(w.x0, w.y01, sp.h1, w, gza, gzb, fa, fb);
            passY(w.x0, w.y00, sp.h0, w, gza, gzb, fa, fb);
            float[] gx = w.x2, gy = w.xd, gz = w.y02;
            passZ(w.y10, gx, sp.h0, w, ga, gb, fa, fb);
            passZ(w.y01, gy, sp.h0, w, ga, gb, fa, fb);
            passZ(w.y00, gz, sp.h1, w, ga, gb, fa, fb);
            float[][] t = {w.y00, w.y01, w.y10, w.y11, w.y20, w.x0};   // xx xy xz yy yz zz
            ops.product(gx, gx, t[0], p0, p1);
            ops.product(gx, gy, t[1], p0, p1);
            ops.product(gx, gz, t[2], p0, p1);
            ops.product(gy, gy, t[3], p0, p1);
            ops.product(gy, gz, t[4], p0, p1);
            ops.product(gz, gz, t[5], p0, p1);
            for (int k = 0; k < 6; k++) {
                reflectOutside(t[k], g, ga, gb, fa, fb, ea, eb);
                passX(t[k], w.x1, sp.s0, w, ga, gb, fa, fb);
                passY(w.x1, w.x2, sp.s0, w, ga, gb, yi, yj);
                passZ(w.x2, w.r[2 + k], sp.s0, w, zi, zj, yi, yj);
            }
            eigen3(w, g, w.r[2], w.r[3], w.r[4], w.r[5], w.r[6], w.r[7], base, c);
        }
    }

    /**
     * 3×3 eigenvalues of the tile interior, straight into output channels {@code base + 3c + k}: the six
     * components' interior voxels are gathered into compact arrays first, so the solver does no work on the halo,
     * and the compact results are already in the channels' layout (a 3D tile is the workspace's whole tile).
     */
    private void eigen3(Workspace w, Tile g, float[] xx, float[] xy, float[] xz, float[] yy, float[] yz, float[] zz,
                        int base, int c) {
        float[][] in = {xx, xy, xz, yy, yz, zz};
        float[][] cut = w.slab;
        int n = 0;
        for (int dz = 0; dz < g.tz; dz++) {
            for (int dy = 0; dy < g.ty; dy++) {
                int i = (g.hz + dz) * w.sz + (HALO + dy) * w.TX + HALO;
                for (int k = 0; k < 6; k++) System.arraycopy(in[k], i, cut[k], n, g.tx);
                n += g.tx;
            }
        }
        ops.eigen3(cut[0], cut[1], cut[2], cut[3], cut[4], cut[5], w.channel(base + 3 * c),
                w.channel(base + 3 * c + 1), w.channel(base + 3 * c + 2), n);
    }

    // ---------------------------------------------------------------- passes over tile buffers

    /**
     * Along x for the rows y ∈ [ya, yb) of the slices z ∈ [za, zb): each slice's rows run together as one span
     * (a row's first and last r outputs mix in the neighbouring row and are never read for interior results).
     */
    private void passX(float[] src, float[] dst, Kernel1D k, Workspace w, int za, int zb, int ya, int yb) {
        int r = k.radius();
        for (int z = za; z < zb; z++) {
            int from = Math.max(z * w.sz + ya * w.TX, r);
            int to = Math.min(z * w.sz + yb * w.TX, w.size - r);
            switch (k.arithmetic()) {
                case FLOAT -> lines.correlate(src, from - r, dst, from, to - from, k.floatWeights());
                case FLOAT_SUM -> lines.correlateFloatSum(src, from - r, dst, from, to - from, k.floatWeights(),
                        k.lowWeights());
                default -> lines.correlate(src, from - r, dst, from, to - from, k.doubleWeights());
            }
        }
    }

    /**
     * {@link #passX} of one source with several kernels into {@code dst[i]}: two or three float-arithmetic kernels of
     * one size as one pass (each shifted source vector loaded once for all of them), anything else pass by pass.
     */
    private void passesX(float[] src, float[][] dst, Kernel1D[] k, Workspace w, int za, int zb, int ya, int yb) {
        boolean fused = k.length == 2 || k.length == 3;
        for (Kernel1D each : k) {
            fused &= each.arithmetic() == Kernel1D.Arithmetic.FLOAT && each.size() == k[0].size();
        }
        if (!fused) {
            for (int i = 0; i < k.length; i++) passX(src, dst[i], k[i], w, za, zb, ya, yb);
            return;
        }
        int r = k[0].radius();
        for (int z = za; z < zb; z++) {
            int from = Math.max(z * w.sz + ya * w.TX, r);
            int to = Math.min(z * w.sz + yb * w.TX, w.size - r);
            if (k.length == 2) {
                lines.correlate2(src, from - r, dst[0], dst[1], from, to - from, k[0].floatWeights(),
                        k[1].floatWeights());
            } else {
                lines.correlate3(src, from - r, dst[0], dst[1], dst[2], from, to - from, k[0].floatWeights(),
                        k[1].floatWeights(), k[2].floatWeights());
            }
        }
    }

    /** Along y: output rows y ∈ [ya, yb) of the slices z ∈ [za, zb) (rows ya−r .. yb+r of the input are read). */
    private void passY(float[] src, float[] dst, Kernel1D k, Workspace w, int za, int zb, int ya, int yb) {
        int r = k.radius();
        for (int z = za; z < zb; z++) {
            int at = z * w.sz + ya * w.TX;
            if (k.arithmetic() == Kernel1D.Arithmetic.DOUBLE) {
                int[] rows = w.rows;
                for (int j = 0; j < k.size(); j++) rows[j] = at + (j - r) * w.TX;
                lines.combine(src, rows, dst, at, (yb - ya) * w.TX, k.doubleWeights());
            } else {
                combineRows(src, at - r * w.TX, w.TX, dst, at, yb - ya, w.TX, k);
            }
        }
    }

    /**
     * Along z: output slices z ∈ [za, zb), rows y ∈ [ya, yb) (slices za−r .. zb+r of the input are read); the
     * float-arithmetic kernels as one run of slices, each input slice loaded once for every output it feeds.
     */
    private void passZ(float[] src, float[] dst, Kernel1D k, Workspace w, int za, int zb, int ya, int yb) {
        int r = k.radius();
        int span = (yb - ya) * w.TX;
        if (k.arithmetic() != Kernel1D.Arithmetic.DOUBLE) {
            int at = za * w.sz + ya * w.TX;
            combineRows(src, at - r * w.sz, w.sz, dst, at, zb - za, span, k);
            return;
        }
        int[] rows = w.rows;
        for (int z = za; z < zb; z++) {
            int at = z * w.sz + ya * w.TX;
            for (int j = 0; j < k.size(); j++) rows[j] = at + (j - r) * w.sz;
            lines.combine(src, rows, dst, at, span, k.doubleWeights());
        }
    }

    /** {@link Lines#combineRows} in the kernel's float arithmetic (plain float, or float-rounded products). */
    private void combineRows(float[] src, int s, int stride, float[] dst, int d, int rows, int width, Kernel1D k) {
        if (k.arithmetic() == Kernel1D.Arithmetic.FLOAT) {
            lines.combineRows(src, s, stride, dst, d, rows, width, k.floatWeights());
        } else {
            lines.combineRowsFloatSum(src, s, stride, dst, d, rows, width, k.floatWeights(), k.lowWeights());
        }
    }

    /** Fills the padded tile buffer from the presmoothed volume, reflecting at the image borders. */
    private static void fillPadded(float[] P, Tile g, float[] dst) {
        int TZ = g.TZ(), TY = g.TY(), TX = g.TX();
        int oz = g.z0 - g.hz, oy = g.y0 - HALO, ox = g.x0 - HALO;
        int X = g.X;
        int inA = Math.max(0, -ox), inB = Math.min(TX, X - ox);     // columns inside the image
        // the image columns of the padded columns outside it (reflected), found once for all rows
        int[] outside = new int[TX - (inB - inA)];
        for (int x = 0, k = 0; x < TX; x++) if (x < inA || x >= inB) outside[k++] = mirror(ox + x, X);
        for (int z = 0; z < TZ; z++) {
            int iz = mirror(oz + z, g.Z);
            for (int y = 0; y < TY; y++) {
                int iy = mirror(oy + y, g.Y);
                int src = (iz * g.Y + iy) * X;
                int d = (z * TY + y) * TX;
                for (int x = 0; x < inA; x++) dst[d + x] = P[src + outside[x]];
                System.arraycopy(P, src + ox + inA, dst, d + inA, inB - inA);
                for (int x = inB, k = inA; x < TX; x++, k++) dst[d + x] = P[src + outside[k]];
            }
        }
    }

    /**
     * Within the box z∈[za,zb), y∈[ya,yb), x∈[xa,xb) of a padded tile buffer, replaces every value whose image
     * position lies outside the image by the value at the reflected position (which lies inside the box).
     */
    private static void reflectOutside(float[] b, Tile g, int za, int zb, int ya, int yb, int xa, int xb) {
        int TY = g.TY(), TX = g.TX();
        int oz = g.z0 - g.hz, oy = g.y0 - HALO, ox = g.x0 - HALO;
        // the box's parts inside the image, per axis (tile coordinates)
        int zi = Math.max(za, -oz), zj = Math.min(zb, g.Z - oz);
        int yi = Math.max(ya, -oy), yj = Math.min(yb, g.Y - oy);
        int xi = Math.max(xa, -ox), xj = Math.min(xb, g.X - ox);
        if (zi == za && zj == zb && yi == ya && yj == yb && xi == xa && xj == xb) return;   // nothing outside
        // x first, only the columns outside, on rows inside the image in y and z
        for (int x = xa; x < xb; x++) {
            if (x >= xi && x < xj) continue;
            int m = mirror(ox + x, g.X) - ox;       // the same reflected column on every row
            for (int z = zi; z < zj; z++) {
                for (int row = (z * TY + yi) * TX, end = (z * TY + yj) * TX; row < end; row += TX) {
                    b[row + x] = b[row + m];
                }
            }
        }
        // then whole row segments in y, then whole planes in z
        for (int z = zi; z < zj; z++) {
            for (int y = ya; y < yb; y++) {
                if (y >= yi && y < yj) continue;
                int from = (z * TY + mirror(oy + y, g.Y) - oy) * TX + xa;
                System.arraycopy(b, from, b, (z * TY + y) * TX + xa, xb - xa);
            }
        }
        for (int z = za; z < zb; z++) {
            if (z >= zi && z < zj) continue;
            int mz = mirror(oz + z, g.Z) - oz;
            for (int y = ya; y < yb; y++) {
                System.arraycopy(b, (mz * TY + y) * TX + xa, b, (z * TY + y) * TX + xa, xb - xa);
            }
        }
    }

    /**
     * Keeps the interior of a tile buffer as output channel {@code base + c·nRes + k} of the current tile, in the
     * workspace's per-channel buffers (handed to the sink as they are when the tile is done).
     */
    private static void emit(float[] buf, Workspace w, Tile g, int base, int c, int nRes, int k) {
        float[] chan = w.channel(base + c * nRes + k);
        Tile t = w.tile;
        int o = ((g.z0 - t.z0) * t.ty + (g.y0 - t.y0)) * t.tx + (g.x0 - t.x0);
        for (int dz = 0; dz < g.tz; dz++) {
            for (int dy = 0; dy < g.ty; dy++) {
                int i = (g.hz + dz) * w.sz + (HALO + dy) * w.TX + HALO;
                System.arraycopy(buf, i, chan, o + (dz * t.ty + dy) * t.tx, g.tx);
            }
        }
    }

    /** Reflection without repeating the edge sample (vigra REFLECT); repeated for positions far outside. */
    static int mirror(int i, int n) {
        if (n == 1) return 0;
        while (i < 0 || i >= n) {
            if (i < 0) i = -i;
            if (i >= n) i = 2 * n - 2 - i;
        }
        return i;
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    /** A set of at least {@code count} volumes of {@code voxels} floats, from the pool when one fits. */
    private Volumes volumes(int count, int voxels) {
        Volumes v = spareVolumes.poll();
        if (v == null || v.voxels != voxels) v = new Volumes(voxels);
        v.ensure(count);
        return v;
    }

    /** Whole-volume float buffers of one size, reused across time points and calls. */
    private static final class Volumes {
        final int voxels;
        float[][] arrays = new float[0][];

        Volumes(int voxels) { this.voxels = voxels; }

        void ensure(int count) {
            if (arrays.length < count) {
                float[][] more = java.util.Arrays.copyOf(arrays, count);
                for (int i = arrays.length; i < count; i++) more[i] = new float[voxels];
                arrays = more;
            }
        }

        float[] get(int i) { return arrays[i]; }

        double[][] doubles = new double[2][];

        /** Double scratch volume {@code i} (0 or 1), made on first use. */
        double[] doubles(int i) {
            if (doubles[i] == null) doubles[i] = new double[voxels];
            return doubles[i];
        }
    }

    private Workspace take(Tile capacity) {
        Workspace w = spare.poll();
        if (w == null || !w.fits(capacity)) w = new Workspace(capacity);
        return w;
    }

    private static int[] tileProperty(String name, int[] dflt) {
        String v = System.getProperty(name);
        if (v == null) return dflt;
        String[] p = v.split("[,x]");
        return new int[]{Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    // ---------------------------------------------------------------- small value types

    /** The kernels and output channel bases of one used scale. */
    private static final class ScalePlan {
        final boolean in2d;
        final int[] channelBase;   // by FeatureId ordinal, -1 if not selected at this scale
        /** pre: presmoothing; g0: smoothing at σ' (double, as gaussianSmoothing); f0, f1, f2: the float
         *  smoothing/derivative kernels of the derivative filters; d0: DoG's inner smoothing; h0, h1: the
         *  structure tensor's gradient (float); s0: its tensor smoothing (double). */
        final Kernel1D pre, g0, f0, f1, f2, d0, h0, h1, s0;

        ScalePlan(double sigma, boolean in2d, int[] channelBase) {
            this.in2d = in2d;
            this.channelBase = channelBase;
            double t = sigma > 1.0 ? Math.sqrt(sigma * sigma - 1.0) : sigma;
            double sp = Math.min(sigma, 1.0);
            pre = Kernel1D.gaussian(t, 0, PRESMOOTH_WINDOW);
            g0 = Kernel1D.gaussian(sp, 0, FEATURE_WINDOW);
            f0 = Kernel1D.gaussianFloat(sp, 0, FEATURE_WINDOW);
            f1 = Kernel1D.gaussianFloat(sp, 1, FEATURE_WINDOW);
            f2 = Kernel1D.gaussianFloat(sp, 2, FEATURE_WINDOW);
            d0 = Kernel1D.gaussian(0.66 * sp, 0, FEATURE_WINDOW);
            h0 = Kernel1D.gaussianFloat(0.5 * sp, 0, FEATURE_WINDOW);
            h1 = Kernel1D.gaussianFloat(0.5 * sp, 1, FEATURE_WINDOW);
            s0 = g0.with(Kernel1D.Arithmetic.FLOAT_SUM);
            if (g0.radius() + h0.radius() > HALO || f2.radius() > HALO) {
                throw new IllegalStateException("stage-2 kernels exceed the tile halo");
            }
        }
    }

    /**
     * A tile: its interior (origin z0, y0, x0 and extents tz, ty, tx in image pixels) inside an image of Z, Y, X,
     * with a halo of {@link #HALO} pixels in y and x and {@code hz} in z (0 for 2D processing).
     */
    private record Tile(int Z, int Y, int X, int z0, int y0, int x0, int tz, int ty, int tx, int hz) {
        int TZ() { return tz + 2 * hz; }
        int TY() { return ty + 2 * HALO; }
        int TX() { return tx + 2 * HALO; }
    }

    /** Per-thread scratch buffers, reused from tile to tile; all in the padded layout of the current tile. */
    private static final class Workspace {
        final int capacity, capacitySlab;
        final float[] p, x0, x1, x2, xd, y00, y01, y02, y10, y11, y20;
        /** Double copies for the smoothing passes (see {@link FeatureEngine#smooth}). */
        final double[] pd, dx, dy;
        final float[][] r = new float[8][];
        final float[][] slab = new float[6][];
        final int[] rows = new int[16];
        int TZ, TY, TX, sz, size;
        /** The tile being computed, and its output channels (interior voxels, compact), by channel index (at least
         *  as many as the tile has channels; the sink is told how many count). */
        Tile tile;
        float[][] chan = new float[0][];

        /** Starts tile {@code t} whose output has {@code channels} channels. */
        void begin(Tile t, int channels) {
            tile = t;
            if (chan.length < channels) chan = java.util.Arrays.copyOf(chan, channels);
        }

        /** The compact buffer of output channel {@code ch} for the current tile. */
        float[] channel(int ch) {
            int n = tile.tz * tile.ty * tile.tx;
            if (chan[ch] == null || chan[ch].length < n) chan[ch] = new float[capacitySlab];
            return chan[ch];
        }

        Workspace(Tile cap) {
            capacity = cap.TZ() * cap.TY() * cap.TX();
            capacitySlab = cap.tz * cap.ty * cap.tx;
            p = new float[capacity];
            pd = new double[capacity];
            dx = new double[capacity];
            dy = new double[capacity];
            x0 = new float[capacity];
            x1 = new float[capacity];
            x2 = new float[capacity];
            xd = new float[capacity];
            y00 = new float[capacity];
            y01 = new float[capacity];
            y02 = new float[capacity];
            y10 = new float[capacity];
            y11 = new float[capacity];
            y20 = new float[capacity];
            for (int i = 0; i < r.length; i++) r[i] = new float[capacity];
            for (int i = 0; i < slab.length; i++) slab[i] = new float[capacitySlab];
        }

        boolean fits(Tile t) {
            return t.TZ() * t.TY() * t.TX() <= capacity && t.tz * t.ty * t.tx <= capacitySlab;
        }

        /** Sets the geometry for tile {@code g} (whose buffers fit). */
        void reshape(Tile g) {
            if (!fits(g)) throw new IllegalStateException("tile larger than workspace");
            TZ = g.TZ();
            TY = g.TY();
            TX = g.TX();
            sz = TY * TX;
            size = TZ * sz;
        }
    }
}

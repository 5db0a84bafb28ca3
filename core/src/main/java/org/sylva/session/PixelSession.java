package org.sylva.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureEngine;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.ForestTrainer;
import org.sylva.forest.RandomForest;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Box;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.pixel.LabelClass;
import org.sylva.pixel.PixelClassifier;
import org.sylva.pixel.PixelOutputs;
import org.sylva.project.DataLane;
import org.sylva.project.ProjectFile;
import org.sylva.project.SparseLabels;
import org.sylva.project.SylvaProject;

/**
 * An interactive Pixel Classification session on a project: what ilastik's training applet does, as a plain Java
 * API a viewer (the web app, a test) drives.
 *
 * <ul>
 * <li><b>Lazy.</b> Per lane and time point, stage 1 of the features (presmoothing) is computed once and kept; the
 *     features of a display tile ({@link TileId}) are computed when a tile is asked for, and kept in a memory-bounded
 *     LRU cache.</li>
 * <li><b>Incremental training.</b> Label edits mark the feature engine's training tiles they touch; training
 *     computes features only for labelled pixels it has not seen, keeps the others, and gathers the samples in
 *     the order {@link org.sylva.pixel.PixelTraining} does (lanes, then training tiles in raster order, then pixels
 *     in raster order). Training is deterministic, so the forest is the one {@code ProjectTraining} grows from the
 *     same labels, and predictions equal the headless ones bit for bit.</li>
 * <li><b>Generations.</b> Every training publishes a new {@link Model} with a higher generation; queued prediction
 *     work of older generations is cancelled ({@link StaleException}).</li>
 * <li><b>Background.</b> One scheduler thread runs training (first) and tile work (in request order); each job
 *     computes in parallel on the shared {@link Workers}. Label edits and tile reads never wait for it.</li>
 * </ul>
 *
 * <p>Thread-safe. Listeners get {@link SessionEvent}s from the session's threads.
 */
public final class PixelSession implements AutoCloseable {

    /** Default memory for cached presmoothed volumes, feature tiles and predictions: 45 % of the maximum heap. */
    public static long defaultCacheBytes() { return (long) (Runtime.getRuntime().maxMemory() * 0.45); }

    private final Workers workers;
    private final Object lock = new Object();
    private final List<LaneData> lanes = new ArrayList<>();      // guarded by lock; parallel to project.lanes()
    private final ByteLru<StageKey, FeatureEngine.Presmoothed> stage1;
    private final ByteLru<TileKey, float[]> featureCache;
    private final ByteLru<TileKey, PredictionTile> predictions;
    /**
     * The prediction tiles asked for lately, with the model generation they were asked for (access order, at most
     * {@value #RECENT_TILES}): after a retrain their previews are queued at once, before the client asks again.
     */
    private final Map<TileId, Long> recentTiles = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TileId, Long> e) { return size() > RECENT_TILES; }
    };
    private static final int RECENT_TILES = 256;
    /** The preview stride pushed after a retrain (as the web client asks for it). */
    public static final int PREVIEW_STRIDE = 4;
    /** The view size (pixels) for which the previews of the whole image are computed on opening. */
    private static final int FIRST_VIEW = 1024;
    private final PriorityBlockingQueue<Job> queue = new PriorityBlockingQueue<>();
    private final Map<String, PredictJob> pending = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong laneIds = new AtomicLong();
    private final AtomicLong generations = new AtomicLong();
    private final AtomicLong labelRevision = new AtomicLong();
    private final AtomicBoolean trainQueued = new AtomicBoolean();
    private final List<Consumer<SessionEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Deque<Undo> undo = new ArrayDeque<>();
    private final Thread scheduler;
    private final BatchRunner batches;

    /** {@code -Dsylva.session.trace=true} prints every background job and its duration to stderr. */
    private static final boolean TRACE = Boolean.getBoolean("sylva.session.trace");

    private volatile SylvaProject project;
    private volatile Path file;
    private volatile boolean dirty;
    private volatile boolean live;
    private volatile FeatureEngine engine;
    private volatile long epoch;
    private volatile Model model;
    private volatile boolean closed;

    /**
     * A session on {@code project} (read from / to be saved to {@code file}, or null for an unsaved project). A
     * current forest stored in the project becomes the first model, so a reopened project predicts at once.
     */
    public PixelSession(SylvaProject project, Path file, Workers workers, long cacheBytes) {
        this.workers = workers;
        this.project = project;
        this.file = file;
        this.engine = new FeatureEngine(project.features(), workers);
        long third = Math.max(64L << 20, cacheBytes / 3);
        this.stage1 = new ByteLru<>(third, FeatureEngine.Presmoothed::bytes);
        this.featureCache = new ByteLru<>(third, a -> 4L * a.length + 64);
        this.predictions = new ByteLru<>(third, PredictionTile::bytes);
        for (int i = 0; i < project.lanes().size(); i++) lanes.add(new LaneData(laneIds.incrementAndGet()));
        project.classifier().ifPresent(c -> model = new Model(generations.incrementAndGet(), c,
                (int) totalLabelled(project), perClass(project), c.forest().training().map(r -> r.oobAccuracy())
                .orElse(Double.NaN), 0, 0, 0));
        this.batches = new BatchRunner(this, workers);
        this.scheduler = new Thread(this::schedule, "sylva-session");
        scheduler.setDaemon(true);
        scheduler.start();
        // stage 1 of the first image starts now, while the client loads: the first prediction needs it
        if (!project.lanes().isEmpty()) queue.add(new WarmJob());
    }

    // ------------------------------------------------------------------------------------------ state

    /** The project as it is now (labels, classes, features; its forest if the model is current). */
    public SylvaProject project() { return project; }

    /** Where the project was read from or last saved, or null. */
    public Path file() { return file; }

    /** True if there are changes since the project was opened or saved. */
    public boolean isDirty() { return dirty; }

    /** The classifier in use, or null before the first training. */
    public Model model() { return model; }

    /** True if every label edit retrains in the background. */
    public boolean liveUpdate() { return live; }

    /** Increases with every label edit. */
    public long labelRevision() { return labelRevision.get(); }

    /** The workers this session computes on. */
    public Workers workers() { return workers; }

    public void addListener(Consumer<SessionEvent> l) { listeners.add(l); }

    public void removeListener(Consumer<SessionEvent> l) { listeners.remove(l); }

    void emit(SessionEvent e) {
        for (Consumer<SessionEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ignored) {
                // a failing listener must not stop the session
            }
        }
    }

    /** Bytes held by the caches: presmoothed volumes, feature tiles, predictions. */
    public long[] cacheBytes() { return new long[]{stage1.bytes(), featureCache.bytes(), predictions.bytes()}; }

    /** The lane's data (read on first use and kept). */
    public Image raw(int lane) throws IOException {
        LaneData d = laneData(lane);
        synchronized (d) {
            if (d.raw == null) d.raw = project.lanes().get(lane).read();
            return d.raw;
        }
    }

    /** The lane's extents. */
    public Shape shape(int lane) { return laneOf(lane).shape(); }

    private DataLane laneOf(int lane) {
        List<DataLane> l = project.lanes();
        if (lane < 0 || lane >= l.size()) throw new IllegalArgumentException("no lane " + lane + " (the project has " + l.size() + ")");
        return l.get(lane);
    }

    private LaneData laneData(int lane) {
        synchronized (lock) {
            if (lane < 0 || lane >= lanes.size()) throw new IllegalArgumentException("no lane " + lane + " (the project has " + lanes.size() + ")");
            return lanes.get(lane);
        }
    }

    // ------------------------------------------------------------------------------------------ tiles

    /** The raw values of channel {@code channel} of a tile, row-major, as float. */
    public float[] rawTile(TileId id, int channel) throws IOException {
        Shape s = shape(id.lane());
        id.check(s);
        if (channel < 0 || channel >= s.c()) throw new IllegalArgumentException("channel " + channel + " out of range (the image has " + s.c() + ")");
        Image img = raw(id.lane());
        int h = id.height(s), w = id.width(s), st = id.stride();
        float[] out = new float[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int[] v = id.plane().voxel(id.row0() + i * st, id.col0() + j * st);
                out[i * w + j] = (float) img.get(id.t(), v[0], v[1], v[2], channel);
            }
        }
        return out;
    }

    /** The labels of a tile (0 = unlabelled, k = class k), row-major. */
    public byte[] labelTile(TileId id) {
        Shape s = shape(id.lane());
        id.check(s);
        SparseLabels labels = project.labels(id.lane());
        int h = id.height(s), w = id.width(s), st = id.stride();
        if (labels.isEmpty()) return new byte[h * w];
        if (st == 1) return labels.read(id.t(), id.plane().box(id.row0(), id.col0(), h, w));
        byte[] out = new byte[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int[] v = id.plane().voxel(id.row0() + i * st, id.col0() + j * st);
                out[i * w + j] = (byte) labels.get(id.t(), v[0], v[1], v[2]);
            }
        }
        return out;
    }

    /**
     * The prediction of a tile by the current classifier, computed in the background (features from the cache when
     * there). With {@code previewStride} > 1 only every previewStride-th pixel per axis is predicted and copied to
     * its neighbours: 1/stride² of the work, for a first picture right after a retrain.
     *
     * @throws IllegalArgumentException for a tile outside the lane
     * @throws IllegalStateException if there is no classifier yet
     */
    public CompletableFuture<PredictionTile> prediction(TileId id, int previewStride) {
        return prediction(id, previewStride, true);
    }

    /** @param asked whether the client asked for it (recorded for {@link #pushPreviews}), or it is pushed */
    private CompletableFuture<PredictionTile> prediction(TileId id, int previewStride, boolean asked) {
        id.check(shape(id.lane()));
        if (previewStride < 1 || previewStride > 64) throw new IllegalArgumentException("preview stride must be 1…64");
        Model m = model;
        if (m == null) throw new IllegalStateException("no classifier yet: label some pixels of each class and train");
        TileKey key = key(id);
        if (asked) {
            synchronized (recentTiles) {
                recentTiles.put(id, m.generation());
            }
        }
        PredictionTile have = predictions.get(key);
        if (have != null && have.generation() == m.generation() && (!have.preview() || previewStride > 1)) {
            return CompletableFuture.completedFuture(have);
        }
        String name = key + "/" + m.generation() + "/" + previewStride;
        PredictJob job = pending.computeIfAbsent(name, n -> {
            PredictJob j = new PredictJob(id, key, m, previewStride, n);
            queue.add(j);
            return j;
        });
        return job.future;
    }

    /** The values of feature channel {@code channel} of a tile (row-major), computed in the background. */
    public CompletableFuture<float[]> featureTile(TileId id, int channel) {
        Shape s = shape(id.lane());
        id.check(s);
        int F = project.features().channelCount(s.c(), s.z());
        if (channel < 0 || channel >= F) throw new IllegalArgumentException("feature channel " + channel + " out of range (" + F + " channels)");
        CompletableFuture<float[]> f = new CompletableFuture<>();
        queue.add(new Job(1) {
            @Override
            void run() {
                float[] all = features(id, key(id));
                int n = all.length / F;
                float[] out = new float[n];
                for (int i = 0; i < n; i++) out[i] = all[i * F + channel];
                f.complete(out);
            }

            @Override
            void fail(Throwable e) { f.completeExceptionally(e); }
        });
        return f;
    }

    private TileKey key(TileId id) {
        return new TileKey(laneData(id.lane()).uid, id.t(), id.plane(), id.level(), id.row(), id.col(), epoch);
    }

    /** The pixel-major features of a tile (scheduler thread). */
    private float[] features(TileId id, TileKey key) {
        float[] have = featureCache.get(key);
        if (have != null) return have;
        Shape s = shape(id.lane());
        FeatureEngine e = engine;
        FeatureEngine.Presmoothed p = presmoothed(id.lane(), id.t(), e);
        int F = p.channels();
        int h = id.height(s), w = id.width(s), st = id.stride();
        Box box = id.plane().box(id.row0(), id.col0(), id.spanRows(s), id.spanCols(s));
        float[] out;
        if (st == 1) {
            out = e.compute(p, box);
        } else {
            float[] o = new float[Math.multiplyExact(h * w, F)];
            int r0 = id.row0(), c0 = id.col0();
            Plane pl = id.plane();
            e.compute(p, box, (t, b, f, nf) -> {
                int i = 0;
                for (int z = b.z0(); z < b.z0() + b.depth(); z++) {
                    for (int y = b.y0(); y < b.y0() + b.height(); y++) {
                        for (int x = b.x0(); x < b.x0() + b.width(); x++, i++) {
                            int row = pl.axis() == 'z' ? y : z, col = pl.axis() == 'x' ? y : x;
                            int dr = row - r0, dc = col - c0;
                            if (dr % st != 0 || dc % st != 0) continue;
                            System.arraycopy(f, i * nf, o, ((dr / st) * w + dc / st) * nf, nf);
                        }
                    }
                }
            });
            out = o;
        }
        if (e == engine) featureCache.put(key, out);
        return out;
    }

    private FeatureEngine.Presmoothed presmoothed(int lane, int t, FeatureEngine e) {
        LaneData d = laneData(lane);
        StageKey k = new StageKey(d.uid, t, epoch);
        FeatureEngine.Presmoothed p = stage1.get(k);
        if (p != null) return p;
        synchronized (d) {      // previews run side by side: one of them computes stage 1, the others wait for it
            p = stage1.get(k);
            if (p != null) return p;
            try {
                p = e.presmooth(raw(lane), t);
            } catch (IOException ex) {
                throw new LaneUnavailableException(ex.getMessage(), ex);
            }
            stage1.put(k, p);
            return p;
        }
    }

    private static void checkFeatures(long length, long pixels, int F) {
        if (length != pixels * F) {
            throw new IllegalStateException("the classifier has " + F + " features but this lane has "
                    + length / pixels + " (another number of channels, or 2-D versus 3-D)");
        }
    }

    /**
     * The features of every {@code stride}-th pixel per axis of a zoomed-out tile of a 2-D lane (pixel-major, ph × pw
     * pixels), computed for those image rows only (boxes one row high, bit for bit the values of the whole image:
     * {@link FeatureEngine#compute(FeatureEngine.Presmoothed, Box, org.sylva.features.TileSink)}) — a few times less
     * work than the tile's full-resolution box, for the first picture of a zoomed-out view.
     */
    private float[] previewFeatures(TileId id, int stride, int ph, int pw) {
        FeatureEngine e = engine;
        FeatureEngine.Presmoothed p = presmoothed(id.lane(), id.t(), e);
        int F = p.channels();
        int step = stride * id.stride(), r0 = id.row0(), c0 = id.col0();
        int span = id.spanCols(shape(id.lane()));
        Plane pl = id.plane();
        float[] x = new float[Math.multiplyExact(ph * pw, F)];
        workers.forEach(ph, i -> e.compute(p, pl.box(r0 + i * step, c0, 1, span), (t, b, f, nf) -> {
            for (int k = 0; k < b.width(); k++) {
                int dc = b.x0() + k - c0;
                if (dc % step == 0) System.arraycopy(f, k * nf, x, (i * pw + dc / step) * nf, nf);
            }
        }));
        return x;
    }

    /** Predicts a tile (scheduler thread). */
    private PredictionTile predict(TileId id, TileKey key, Model m, int stride) {
        Shape s = shape(id.lane());
        int h = id.height(s), w = id.width(s);
        PixelClassifier c = m.classifier();
        RandomForest forest = c.forest();
        int F = forest.featureCount();
        // the pixels to predict: all, or every stride-th per axis
        int ph = (h + stride - 1) / stride, pw = (w + stride - 1) / stride;
        int n = ph * pw;
        float[] x;
        boolean sparse = stride > 1 && id.stride() > 1 && s.z() == 1 && featureCache.get(key) == null;
        if (sparse) {
            // a preview of a zoomed-out tile whose features are not there yet: the features of its pixels only
            x = previewFeatures(id, stride, ph, pw);
            checkFeatures(x.length, n, F);
        } else {
            float[] f = features(id, key);
            checkFeatures(f.length, h * w, F);
            if (stride == 1) {
                x = f;
            } else {
                x = new float[n * F];
                for (int i = 0; i < ph; i++) {
                    for (int j = 0; j < pw; j++) System.arraycopy(f, ((i * stride) * w + j * stride) * F, x, (i * pw + j) * F, F);
                }
            }
        }
        int K = project.classes().size();
        int[] channelOf = forest.classLabels();
        int Kf = channelOf.length;
        for (int i = 0; i < Kf; i++) channelOf[i] -= 1;
        float[] p = new float[n * Kf];
        // whole rows of at most about 4096 pixels per task (the forest tests 4×4-pixel packets when it knows the
        // row width), and at least two tasks per worker when the tile is small (a preview)
        int rows = Math.max(1, Math.min(4096 / pw, (ph + 2 * workers.threads() - 1) / (2 * workers.threads())));
        if (rows > 4) rows = (rows + 3) / 4 * 4;
        int chunk = rows * pw;
        workers.forEach((n + chunk - 1) / chunk, b -> {
            int from = b * chunk, count = Math.min(chunk, n - from);
            forest.predictImage(x, from * F, count, F, pw, p, from * Kf, 1, null);
        });
        float[] probs = new float[h * w * K];
        byte[] seg = new byte[h * w];
        float[] unc = new float[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int src = (i / stride) * pw + j / stride, o = i * w + j;
                for (int k = 0; k < Kf; k++) if (channelOf[k] < K) probs[o * K + channelOf[k]] = p[src * Kf + k];
                seg[o] = (byte) (PixelOutputs.mostProbable(probs, o * K, K) + 1);
                unc[o] = PixelOutputs.uncertainty(probs, o * K, K);
            }
        }
        return new PredictionTile(id, m.generation(), h, w, K, probs, seg, unc, stride);
    }

    // ------------------------------------------------------------------------------------------ labels

    /**
     * Paints a brush stroke on a plane of a lane: pixels within {@code diameter}/2 of the polyline through the
     * points (plane rows and columns) get {@code value} (0 = the eraser).
     *
     * @return the number of pixels the brush covered (0 if the stroke lies outside the plane)
     * @throws IllegalArgumentException for an unknown lane, time point, plane, class or a bad brush
     */
    public int paint(int lane, int t, Plane plane, double[] rows, double[] cols, double diameter, int value) {
        Shape s = shape(lane);
        if (t < 0 || t >= s.t()) throw new IllegalArgumentException("time point " + t + " out of range (the image has " + s.t() + ")");
        if (!plane.fits(s)) throw new IllegalArgumentException(plane.axis() + "=" + plane.index() + " out of range (the image has " + s.get(plane.axis()) + ")");
        if (s.z() == 1 && plane.axis() != 'z') throw new IllegalArgumentException("a 2-D image has only the xy plane");
        checkValue(value);
        Brush.Raster r = Brush.raster(rows, cols, diameter, plane.height(s), plane.width(s));
        if (r == null) return 0;
        Box box = Brush.box(plane, r);
        editLabels(lane, t, box, l -> l.paint(t, box, r.mask(), value));
        return r.count();
    }

    /** Pixels of {@code box} where {@code mask} is non-zero get {@code value} (0 erases). */
    public void paint(int lane, int t, Box box, byte[] mask, int value) {
        checkValue(value);
        editLabels(lane, t, box, l -> l.paint(t, box, mask, value));
    }

    /**
     * Adds the labels of a label image (same t, z, y, x extents as the lane; 0 = keep, k = class k) to the lane's
     * labels, as ilastik's "Import labels": labelled pixels of the image overwrite, others keep theirs.
     *
     * @return the number of labelled pixels imported
     * @throws IllegalArgumentException for other extents, several channels, float values or a value above the
     *                                  number of classes
     */
    public long importLabels(int lane, Image labels) {
        Shape s = shape(lane);
        Shape ls = labels.shape();
        if (ls.t() != s.t() || ls.z() != s.z() || ls.y() != s.y() || ls.x() != s.x()) {
            throw new IllegalArgumentException("the label image is " + ls + " but the lane is " + s + "; they must have the same extents");
        }
        SparseLabels in = SparseLabels.fromImage(labels);
        long rev;
        int K = project.classes().size();
        if (in.maxLabel() > K) {
            throw new IllegalArgumentException("the label image holds the value " + in.maxLabel() + " but there are " + K
                    + " classes; add classes first");
        }
        synchronized (lock) {
            SparseLabels before = project.labels(lane), cur = before;
            for (var b : in.blocks()) {
                byte[] old = cur.read(b.t(), b.box()), v = b.values();
                byte[] merged = new byte[v.length];
                for (int i = 0; i < v.length; i++) merged[i] = v[i] != 0 ? v[i] : old[i];
                cur = cur.withRegion(b.t(), b.box(), merged);
                markDirty(lane, b.t(), b.box());
            }
            commitLabels(lane, before, cur);
            rev = labelRevision.incrementAndGet();
        }
        afterLabelEdit(lane, rev);
        return in.labelledPixels();
    }

    /** Undoes the last label edit (stroke, erase or import); false if there is nothing to undo. */
    public boolean undo() {
        int lane;
        long rev;
        synchronized (lock) {
            Undo u = undo.pollLast();
            if (u == null) return false;
            lane = lanes.indexOf(u.lane);
            if (lane < 0) return false;
            SparseLabels now = project.labels(lane);
            project = project.withLabels(lane, u.before);
            markAllDirty(lane, now);
            markAllDirty(lane, u.before);
            dirty = true;
            rev = labelRevision.incrementAndGet();
        }
        afterLabelEdit(lane, rev);
        return true;
    }

    private void editLabels(int lane, int t, Box box, java.util.function.UnaryOperator<SparseLabels> edit) {
        long rev;
        synchronized (lock) {
            SparseLabels before = project.labels(lane);
            SparseLabels after = edit.apply(before);
            commitLabels(lane, before, after);
            markDirty(lane, t, box);
            rev = labelRevision.incrementAndGet();
        }
        afterLabelEdit(lane, rev);
    }

    private void commitLabels(int lane, SparseLabels before, SparseLabels after) {
        project = project.withLabels(lane, after);
        undo.addLast(new Undo(lanes.get(lane), before));
        while (undo.size() > 100) undo.pollFirst();
        dirty = true;
    }

    private void afterLabelEdit(int lane, long rev) {
        emit(new SessionEvent.LabelsChanged(lane, rev));
        if (live) requestTraining();
    }

    private void checkValue(int value) {
        int K = project.classes().size();
        if (value < 0 || value > K) throw new IllegalArgumentException("no class " + value + " (there are " + K + "; 0 erases)");
    }

    /** Marks the training tiles of the engine's grid that {@code box} touches (caller holds the lock). */
    private void markDirty(int lane, int t, Box box) {
        LaneData d = lanes.get(lane);
        Shape s = project.lanes().get(lane).shape();
        int[] g = engine.tileShape(s);
        for (int z = box.z0() / g[0] * g[0]; z < box.z0() + box.depth(); z += g[0]) {
            for (int y = box.y0() / g[1] * g[1]; y < box.y0() + box.height(); y += g[1]) {
                for (int x = box.x0() / g[2] * g[2]; x < box.x0() + box.width(); x += g[2]) {
                    d.dirty.add(tileKey(s, t, z, y, x));
                }
            }
        }
    }

    private void markAllDirty(int lane, SparseLabels labels) {
        for (var b : labels.blocks()) markDirty(lane, b.t(), b.box());
    }

    /** PixelTraining's tile key: the linear index of the tile origin. */
    private static long tileKey(Shape s, int t, int z, int y, int x) {
        return ((long) (t * s.z() + z) * s.y() + y) * s.x() + x;
    }

    /**
     * The label explorer: connected groups of labelled pixels (4-connected in 2-D, 6-connected in 3-D) per class,
     * sorted by class, time, slice, row, column; at most {@code max}.
     */
    public List<Stroke> strokes(int lane, int max) {
        return LabelGroups.of(lane, project.labels(lane), max);
    }

    // ------------------------------------------------------------------------------------------ project edits

    /** Adds a class (colour: 0xRRGGBB, or -1 for ilastik's next default colour); returns its label value. */
    public int addClass(String name, int rgb) {
        int k;
        synchronized (lock) {
            List<LabelClass> c = new ArrayList<>(project.classes());
            if (c.size() >= SylvaProject.MAX_CLASSES) throw new IllegalArgumentException("at most " + SylvaProject.MAX_CLASSES + " classes");
            String n = name == null || name.isBlank() ? "Label " + (c.size() + 1) : name.trim();
            c.add(new LabelClass(n, rgb < 0 ? LabelClass.defaultColour(c.size()) : rgb));
            project = project.withClasses(c);
            k = c.size();
            dirty = true;
        }
        predictions.clear();
        emit(new SessionEvent.ProjectChanged("classes"));
        return k;
    }

    /** Renames and/or recolours class {@code k} (null/−1 keep the current value); the classifier stays. */
    public void updateClass(int k, String name, int rgb) {
        synchronized (lock) {
            List<LabelClass> c = new ArrayList<>(project.classes());
            if (k < 1 || k > c.size()) throw new IllegalArgumentException("no class " + k + " (there are " + c.size() + ")");
            LabelClass old = c.get(k - 1);
            c.set(k - 1, new LabelClass(name == null ? old.name() : name.trim(), rgb < 0 ? old.rgb() : rgb));
            project = project.withClasses(c);
            dirty = true;
        }
        emit(new SessionEvent.ProjectChanged("classes"));
    }

    /** Deletes class {@code k}: its labels are erased, higher classes move down; the classifier is dropped. */
    public void deleteClass(int k) {
        synchronized (lock) {
            int n = project.classes().size();
            if (k < 1 || k > n) throw new IllegalArgumentException("no class " + k + " (there are " + n + ")");
            List<SparseLabels> before = project.labels();
            project = project.withoutClass(k);
            for (int i = 0; i < lanes.size(); i++) {
                lanes.get(i).samples.clear();
                markAllDirty(i, before.get(i));
            }
            undo.clear();
            dirty = true;
        }
        clearModel("class deleted");
        labelRevision.incrementAndGet();
        emit(new SessionEvent.ProjectChanged("classes"));
        if (live) requestTraining();
    }

    /**
     * Uses another feature selection: caches are dropped, the classifier too (it was trained on other features).
     *
     * @throws IllegalArgumentException if a selected scale is too large for a lane, or nothing is selected
     */
    public void setFeatures(FeatureSelection selection) {
        if (selection.features(2).isEmpty()) throw new IllegalArgumentException("select at least one feature");
        for (DataLane l : project.lanes()) selection.checkFits(l.shape());
        synchronized (lock) {
            project = project.withFeatures(selection);
            engine = new FeatureEngine(selection, workers);
            epoch++;
            stage1.clear();
            featureCache.clear();
            for (int i = 0; i < lanes.size(); i++) {
                lanes.get(i).samples.clear();
                lanes.get(i).dirty.clear();
                markAllDirty(i, project.labels(i));
            }
            dirty = true;
        }
        clearModel("features changed");
        emit(new SessionEvent.ProjectChanged("features"));
        if (live) requestTraining();
    }

    /** Adds a lane for an image the caller has read (see {@link DataLane#of}); returns its index. */
    public int addLane(DataLane lane, Image image) {
        project.features().checkFits(lane.shape());
        int i;
        synchronized (lock) {
            project = project.addLane(lane);
            LaneData d = new LaneData(laneIds.incrementAndGet());
            d.raw = image.withName(lane.name());
            lanes.add(d);
            i = lanes.size() - 1;
            dirty = true;
        }
        emit(new SessionEvent.ProjectChanged("lanes"));
        return i;
    }

    /** Removes lane {@code i} and its labels. */
    public void removeLane(int i) {
        boolean hadLabels;
        synchronized (lock) {
            laneOf(i);
            hadLabels = !project.labels(i).isEmpty();
            project = project.removeLane(i);
            LaneData d = lanes.remove(i);
            undo.removeIf(u -> u.lane == d);
            stage1.removeIf(k -> k.lane == d.uid);
            featureCache.removeIf(k -> k.lane == d.uid);
            predictions.removeIf(k -> k.lane == d.uid);
            dirty = true;
        }
        emit(new SessionEvent.ProjectChanged("lanes"));
        if (hadLabels) {
            clearModel("a labelled image was removed");
            if (live) requestTraining();
        }
    }

    /** Replaces lane {@code i} by the same data read with other axes (only while it has no labels). */
    public void replaceLane(int i, DataLane lane, Image image) {
        synchronized (lock) {
            laneOf(i);
            if (!project.labels(i).isEmpty() && !lane.shape().equals(project.lanes().get(i).shape())) {
                throw new IllegalArgumentException("lane '" + lane.name() + "' has labels; erase them before changing its axes");
            }
            project.features().checkFits(lane.shape());
            LaneData old = lanes.get(i);
            List<SparseLabels> keep = project.labels();
            project = project.removeLane(i).addLane(lane);
            // move the new lane back to position i
            List<DataLane> ls = new ArrayList<>(project.lanes());
            ls.add(i, ls.remove(ls.size() - 1));
            List<SparseLabels> lb = new ArrayList<>(keep);
            if (!lb.get(i).fits(lane.shape())) lb.set(i, SparseLabels.empty(lane.shape()));
            project = new SylvaProject(project.info(), ls, lb, project.features(), project.classes(), project.seed(),
                    project.treeCount(), project.storedForest().orElse(null), project.export());
            LaneData d = new LaneData(laneIds.incrementAndGet());
            d.raw = image.withName(lane.name());
            lanes.set(i, d);
            undo.removeIf(u -> u.lane == old);
            dirty = true;
        }
        emit(new SessionEvent.ProjectChanged("lanes"));
    }

    /** Sets the export settings stored in the project. */
    public void setExport(org.sylva.export.ExportSettings e) {
        synchronized (lock) {
            project = project.withExport(e);
            dirty = true;
        }
        emit(new SessionEvent.ProjectChanged("export"));
    }

    private void clearModel(String why) {
        model = null;
        predictions.clear();
        sweepStale(Long.MAX_VALUE);
        emit(new SessionEvent.ModelCleared(why));
    }

    // ------------------------------------------------------------------------------------------ training

    /** Turns live update on (retrains now and after every label edit) or off. */
    public void setLiveUpdate(boolean on) {
        live = on;
        if (on) requestTraining();
    }

    /** Queues a training unless one is queued already. */
    public void requestTraining() {
        if (trainQueued.compareAndSet(false, true)) queue.add(new TrainJob(null));
    }

    /** Trains now (after queued training); completes with the new model, or null if nothing is labelled. */
    public CompletableFuture<Model> train() {
        CompletableFuture<Model> f = new CompletableFuture<>();
        queue.add(new TrainJob(f));
        return f;
    }

    private Model doTrain() {
        emit(new SessionEvent.TrainingStarted());
        long t0 = System.nanoTime();
        List<LaneData> ls;
        synchronized (lock) {
            ls = new ArrayList<>(lanes);
        }
        // drain the marks first, then read the labels: an edit made meanwhile is marked again and seen next time
        List<Set<Long>> work = new ArrayList<>();
        for (LaneData d : ls) {
            Set<Long> w = new HashSet<>();
            if (!d.initialised) {
                d.initialised = true;
                int i = ls.indexOf(d);
                synchronized (lock) {
                    markAllDirty(i, project.labels(i));
                }
            }
            for (Long k : d.dirty) {
                if (d.dirty.remove(k)) w.add(k);
            }
            work.add(w);
        }
        SylvaProject snap;
        FeatureEngine e;
        long rev;
        synchronized (lock) {
            snap = project;
            e = engine;
            rev = labelRevision.get();
            if (!lanes.equals(ls)) {
                // lanes changed while we started: try again
                for (int i = 0; i < ls.size(); i++) ls.get(i).dirty.addAll(work.get(i));
                requestTraining();
                return null;
            }
        }
        try {
            for (int i = 0; i < ls.size(); i++) refreshSamples(i, ls.get(i), snap.labels(i), snap.lanes().get(i).shape(), work.get(i), e);
        } catch (RuntimeException ex) {
            for (int i = 0; i < ls.size(); i++) ls.get(i).dirty.addAll(work.get(i));
            throw ex;
        }
        double featureSeconds = (System.nanoTime() - t0) / 1e9;
        // assemble as PixelTraining does: lanes in order, tiles in key order, pixels in raster order
        int n = 0, F = -1, channels = -1, dims = -1;
        String ref = null;
        for (int i = 0; i < ls.size(); i++) {
            LaneData d = ls.get(i);
            if (d.samples.isEmpty()) continue;
            Shape s = snap.lanes().get(i).shape();
            int f = snap.features().channelCount(s.c(), s.z());
            if (F < 0) {
                F = f;
                channels = s.c();
                dims = s.z() > 1 ? 3 : 2;
                ref = snap.lanes().get(i).name();
            } else if (f != F || s.c() != channels || (s.z() > 1 ? 3 : 2) != dims) {
                throw new IllegalArgumentException("lane '" + snap.lanes().get(i).name() + "' does not fit lane '" + ref
                        + "' (channels or 2-D/3-D differ); labels of both cannot train one classifier");
            }
            for (TileSamples ts : d.samples.values()) n += ts.labels.length;
        }
        if (n == 0) {
            if (model != null) clearModel("no labels");
            return null;
        }
        float[] x = new float[Math.multiplyExact(n, F)];
        int[] y = new int[n];
        long[] perClass = new long[snap.classes().size()];
        int at = 0;
        for (LaneData d : ls) {
            for (TileSamples ts : d.samples.values()) {
                System.arraycopy(ts.x, 0, x, at * F, ts.x.length);
                for (int k = 0; k < ts.labels.length; k++) {
                    y[at + k] = ts.labels[k];
                    perClass[ts.labels[k] - 1]++;
                }
                at += ts.labels.length;
            }
        }
        long t1 = System.nanoTime();
        TrainingOptions options = TrainingOptions.defaults().withSeed(snap.seed()).withTreeCount(snap.treeCount())
                .withThreads(workers.threads());
        RandomForest forest = ForestTrainer.train(x, n, F, y, options);
        double trainSeconds = (System.nanoTime() - t1) / 1e9;
        PixelClassifier c = new PixelClassifier(snap.features(), forest, snap.classes(), channels, dims);
        Model m = new Model(generations.incrementAndGet(), c, n, perClass,
                forest.training().map(r -> r.oobAccuracy()).orElse(Double.NaN), featureSeconds, trainSeconds, rev);
        synchronized (lock) {
            if (engine != e) return null;       // features changed meanwhile: a new training is queued
            model = m;
            // recorded with the key of the labels it was trained on: current (saved with the project) only if no
            // edit came in meanwhile
            project = project.withForest(snap.withForest(forest).storedForest().orElseThrow());
        }
        sweepStale(m.generation());
        pushPreviews(m);
        emit(new SessionEvent.Trained(m));
        return m;
    }

    /** Brings a lane's training samples up to date for the marked training tiles (scheduler thread). */
    private void refreshSamples(int lane, LaneData d, SparseLabels labels, Shape s, Set<Long> keys, FeatureEngine e) {
        if (keys.isEmpty()) return;
        int[] g = e.tileShape(s);
        long plane = (long) s.y() * s.x();
        for (long key : keys) {
            int x0 = (int) (key % s.x()), y0 = (int) ((key / s.x()) % s.y());
            long tz = key / plane;
            int t = (int) (tz / s.z()), z0 = (int) (tz % s.z());
            Box box = new Box(z0, y0, x0, Math.min(g[0], s.z() - z0), Math.min(g[1], s.y() - y0), Math.min(g[2], s.x() - x0));
            byte[] lab = labels.isEmpty() ? new byte[box.size()] : labels.read(t, box);
            int count = 0;
            for (byte b : lab) if (b != 0) count++;
            if (count == 0) {
                d.samples.remove(key);
                continue;
            }
            TileSamples old = d.samples.get(key);
            int[] offsets = new int[count];
            int[] values = new int[count];
            int F = e.selection().channelCount(s.c(), s.z());
            float[] x = new float[count * F];
            boolean[] missing = new boolean[count];
            int k = 0, j = 0, miss = 0;
            int bz0 = Integer.MAX_VALUE, by0 = Integer.MAX_VALUE, bx0 = Integer.MAX_VALUE, bz1 = -1, by1 = -1, bx1 = -1;
            for (int i = 0; i < lab.length; i++) {
                if (lab[i] == 0) continue;
                offsets[k] = i;
                values[k] = lab[i] & 0xff;
                while (old != null && j < old.offsets.length && old.offsets[j] < i) j++;
                if (old != null && j < old.offsets.length && old.offsets[j] == i) {
                    System.arraycopy(old.x, j * F, x, k * F, F);
                } else {
                    missing[k] = true;
                    miss++;
                    int dz = i / (box.height() * box.width()), dy = (i / box.width()) % box.height(), dx = i % box.width();
                    bz0 = Math.min(bz0, dz); bz1 = Math.max(bz1, dz);
                    by0 = Math.min(by0, dy); by1 = Math.max(by1, dy);
                    bx0 = Math.min(bx0, dx); bx1 = Math.max(bx1, dx);
                }
                k++;
            }
            if (miss > 0) {
                // features of the new labelled pixels only: their bounding box within the tile
                Box need = new Box(box.z0() + bz0, box.y0() + by0, box.x0() + bx0, bz1 - bz0 + 1, by1 - by0 + 1, bx1 - bx0 + 1);
                float[] f = e.compute(presmoothed(lane, t, e), need);
                for (int m = 0; m < count; m++) {
                    if (!missing[m]) continue;
                    int i = offsets[m];
                    int dz = i / (box.height() * box.width()) - bz0, dy = (i / box.width()) % box.height() - by0, dx = i % box.width() - bx0;
                    System.arraycopy(f, ((dz * need.height() + dy) * need.width() + dx) * F, x, m * F, F);
                }
            }
            d.samples.put(key, new TileSamples(offsets, values, x));
        }
    }

    // ------------------------------------------------------------------------------------------ saving

    /**
     * Saves the project atomically ({@link ProjectFile#write}) to {@code target} (null: where it was read from or
     * last saved). A current classifier is saved with it.
     *
     * @return the saved project
     * @throws IllegalStateException if no file is known yet
     */
    public SylvaProject save(Path target, boolean overwrite) throws IOException {
        synchronized (lock) {
            Path to = target != null ? target : file;
            if (to == null) throw new IllegalStateException("the project has no file yet; choose where to save it");
            boolean other = file == null || !to.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize());
            ProjectFile.SaveOptions o = ProjectFile.SaveOptions.DEFAULT;
            if (overwrite || other) o = o.overwriting();
            SylvaProject saved = ProjectFile.write(project, to, o);
            project = saved;
            file = to;
            dirty = false;
            emit(new SessionEvent.Saved(to.toString(), saved.info().revision()));
            return saved;
        }
    }

    // ------------------------------------------------------------------------------------------ batch export

    /** The batch runner (export of the project's images or of new files). */
    public BatchRunner batches() { return batches; }

    /** The current classifier with the project's current class names, or null. */
    PixelClassifier currentClassifier() {
        Model m = model;
        if (m == null) return null;
        PixelClassifier c = m.classifier();
        if (c.forest().classLabels().length > 0
                && Arrays.stream(c.forest().classLabels()).max().getAsInt() > project.classes().size()) return null;
        return new PixelClassifier(c.features(), c.forest(), project.classes(), c.inputChannels(), c.spatialDimensions());
    }

    // ------------------------------------------------------------------------------------------ scheduling

    private void schedule() {
        while (!closed) {
            Job j;
            try {
                j = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            List<PredictJob> batch = previewBatch(j);
            if (batch.size() > 1) {
                // the previews queued together run side by side, one tile per worker: a preview is too small to
                // keep every core busy on its own, and the picture after a retrain needs all of them
                long t0 = TRACE ? System.nanoTime() : 0;
                workers.forEach(batch.size(), i -> runJob(batch.get(i)));
                if (TRACE) System.err.printf("sylva-session: %d previews gen %d %.1f ms (queue %d)%n", batch.size(),
                        batch.get(0).model.generation(), (System.nanoTime() - t0) / 1e6, queue.size());
            } else {
                runJob(j);
            }
        }
    }

    /** {@code j} and, if it is a preview, the other queued previews of its generation (taken off the queue). */
    private List<PredictJob> previewBatch(Job j) {
        if (!(j instanceof PredictJob p) || p.stride == 1 || workers.threads() == 1) return List.of();
        List<PredictJob> batch = new ArrayList<>();
        batch.add(p);
        for (Job o : queue) {
            if (o instanceof PredictJob q && q.stride > 1 && q.model.generation() == p.model.generation()
                    && queue.remove(q)) batch.add(q);
        }
        return batch;
    }

    private void runJob(Job j) {
        long t0 = TRACE ? System.nanoTime() : 0;
        try {
            j.run();
            if (TRACE) System.err.printf("sylva-session: %s %.1f ms (queue %d)%n", j, (System.nanoTime() - t0) / 1e6, queue.size());
        } catch (Throwable e) {
            if (TRACE) System.err.printf("sylva-session: %s failed after %.1f ms: %s%n", j, (System.nanoTime() - t0) / 1e6, e);
            j.fail(e);
            if (e instanceof OutOfMemoryError) {
                stage1.clear();
                featureCache.clear();
                predictions.clear();
            }
        }
    }

    /**
     * Queues the previews of the tiles the client showed with the model {@code m} replaced, most recent first: they
     * are computing while the news of the retrain travels to the client, whose requests then join them.
     */
    private void pushPreviews(Model m) {
        List<TileId> ids = new ArrayList<>();
        synchronized (recentTiles) {
            long last = -1;
            for (long g : recentTiles.values()) last = Math.max(last, g);
            for (Map.Entry<TileId, Long> e : recentTiles.entrySet()) if (e.getValue() == last) ids.add(e.getKey());
        }
        java.util.Collections.reverse(ids);
        for (TileId id : ids) {
            try {
                prediction(id, PREVIEW_STRIDE, false);
            } catch (RuntimeException e) {
                // a lane removed or changed meanwhile: the client asks for what it shows now
            }
        }
    }

    /** Cancels queued predictions of generations below {@code current}. */
    private void sweepStale(long current) {
        for (PredictJob j : pending.values()) {
            if (j.model.generation() < current && queue.remove(j)) {
                pending.remove(j.name, j);
                j.future.completeExceptionally(new StaleException("generation " + j.model.generation()
                        + " was replaced by a newer classifier"));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.interrupt();
        batches.cancelAll();
        for (Job j : queue) j.fail(new StaleException("the session was closed"));
        queue.clear();
    }

    static long totalLabelled(SylvaProject p) {
        return p.labels().stream().mapToLong(SparseLabels::labelledPixels).sum();
    }

    static long[] perClass(SylvaProject p) {
        long[] out = new long[p.classes().size()];
        for (SparseLabels l : p.labels()) {
            long[] c = l.countsPerLabel();
            for (int k = 1; k < c.length && k <= out.length; k++) out[k - 1] += c[k];
        }
        return out;
    }

    /** Labelled pixels per class over all lanes (index k−1 for class k). */
    public long[] labelledPerClass() { return perClass(project); }

    // ------------------------------------------------------------------------------------------ small types

    private static final class LaneData {
        final long uid;
        volatile Image raw;
        /** Training samples per training tile (scheduler thread only). */
        final TreeMap<Long, TileSamples> samples = new TreeMap<>();
        final Set<Long> dirty = ConcurrentHashMap.newKeySet();
        volatile boolean initialised;

        LaneData(long uid) { this.uid = uid; }
    }

    /** The labelled pixels of one training tile: offsets in the tile (raster order), labels, features. */
    private record TileSamples(int[] offsets, int[] labels, float[] x) {}

    private record Undo(LaneData lane, SparseLabels before) {}

    private record StageKey(long lane, int t, long epoch) {}

    private record TileKey(long lane, int t, Plane plane, int level, int row, int col, long epoch) {}

    private abstract class Job implements Comparable<Job> {
        final int priority;
        final long order = seq.incrementAndGet();

        Job(int priority) { this.priority = priority; }

        abstract void run();

        abstract void fail(Throwable e);

        @Override
        public int compareTo(Job o) {
            return priority != o.priority ? Integer.compare(priority, o.priority) : Long.compare(order, o.order);
        }
    }

    /**
     * Stage 1 of the first lane's first time point, computed in advance; then, for a 2-D lane and a classifier, the
     * previews of the first picture a viewer most likely shows — the whole image fitted into a view of about
     * {@value #FIRST_VIEW} pixels — while the client is still loading (at most 16 tiles; a client asking for them
     * joins them, one asking for others waits at most for these).
     */
    private final class WarmJob extends Job {
        WarmJob() { super(1); }

        @Override
        void run() {
            presmoothed(0, 0, engine);
            Shape s = shape(0);
            if (model == null || s.z() != 1) return;
            int L = 0;
            while (Math.max(s.y(), s.x()) > (FIRST_VIEW << L)) L++;
            int span = TileId.SIZE << L, rows = (s.y() + span - 1) / span, cols = (s.x() + span - 1) / span;
            if (rows * cols > 16) return;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) prediction(new TileId(0, 0, Plane.xy(0), L, r, c), PREVIEW_STRIDE, false);
            }
        }

        @Override
        void fail(Throwable e) { /* the first request that needs it reports the problem */ }

        @Override
        public String toString() { return "stage 1 of lane 0"; }
    }

    private final class TrainJob extends Job {
        final CompletableFuture<Model> future;

        TrainJob(CompletableFuture<Model> future) {
            super(0);
            this.future = future;
        }

        @Override
        void run() {
            if (future == null) trainQueued.set(false);
            try {
                Model m = doTrain();
                if (future != null) future.complete(m != null ? m : model);
            } catch (RuntimeException e) {
                emit(new SessionEvent.TrainingFailed(e.getMessage() == null ? e.toString() : e.getMessage()));
                throw e;
            }
        }

        @Override
        void fail(Throwable e) {
            if (future != null) future.completeExceptionally(e);
        }
    }

    private final class PredictJob extends Job {
        final TileId id;
        final TileKey key;
        final Model model;
        final int stride;
        final String name;
        final CompletableFuture<PredictionTile> future = new CompletableFuture<>();

        PredictJob(TileId id, TileKey key, Model model, int stride, String name) {
            super(stride > 1 ? 1 : 2);
            this.id = id;
            this.key = key;
            this.model = model;
            this.stride = stride;
            this.name = name;
        }

        @Override
        public String toString() { return "predict " + id + " gen " + model.generation() + " stride " + stride; }

        @Override
        void run() {
            pending.remove(name, this);
            Model now = PixelSession.this.model;
            if (now == null || now.generation() != model.generation()) {
                throw new StaleException("generation " + model.generation() + " was replaced by a newer classifier");
            }
            PredictionTile p = predict(id, key, model, stride);
            if (key.epoch == epoch) {
                // a preview is kept until the full tile of its generation replaces it (never the other way round)
                PredictionTile have = predictions.get(key);
                if (stride == 1 || have == null || have.generation() != p.generation()) predictions.put(key, p);
            }
            future.complete(p);
        }

        @Override
        void fail(Throwable e) {
            pending.remove(name, this);
            future.completeExceptionally(e);
        }
    }
}

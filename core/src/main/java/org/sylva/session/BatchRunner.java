package org.sylva.session;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.export.ExportContext;
import org.sylva.export.ExportSettings;
import org.sylva.export.Exporter;
import org.sylva.image.Image;
import org.sylva.io.ReadOptions;
import org.sylva.pixel.PixelBatch;
import org.sylva.pixel.PixelClassifier;
import org.sylva.pixel.PixelResults;
import org.sylva.pixel.PixelSource;
import org.sylva.project.DataLane;
import org.sylva.project.SylvaProject;

/**
 * Runs exports in the background, one job at a time: the chosen sources of the project's images (with their
 * labels) or of new files (ilastik's batch processing), with the current classifier and the given settings,
 * through the same {@link Exporter} as the headless mode. Progress and the end of each job are
 * {@link SessionEvent}s; a job can be cancelled (every file is written atomically, so a cancelled job leaves only
 * complete files).
 */
public final class BatchRunner {

    /** What to export. */
    public record Request(List<PixelSource> sources, ExportSettings settings, List<Integer> lanes, List<String> files) {
        public Request {
            sources = List.copyOf(sources);
            lanes = List.copyOf(lanes);
            files = List.copyOf(files);
            if (sources.isEmpty()) throw new IllegalArgumentException("choose at least one export source");
            if (lanes.isEmpty() && files.isEmpty()) throw new IllegalArgumentException("choose images to export");
        }
    }

    private final PixelSession session;
    private final Workers workers;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sylva-batch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, AtomicBoolean> cancelled = new ConcurrentHashMap<>();

    BatchRunner(PixelSession session, Workers workers) {
        this.session = session;
        this.workers = workers;
    }

    /**
     * Starts a job; returns its id.
     *
     * @throws IllegalStateException if there is no classifier yet
     */
    public long start(Request r) {
        PixelClassifier c = session.currentClassifier();
        if (c == null) throw new IllegalStateException("no classifier yet: label and train first");
        SylvaProject p = session.project();
        for (int i : r.lanes()) if (i < 0 || i >= p.lanes().size()) throw new IllegalArgumentException("no lane " + i);
        long id = ids.incrementAndGet();
        AtomicBoolean stop = new AtomicBoolean();
        cancelled.put(id, stop);
        Path base = session.file() != null ? session.file().toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
        runner.submit(() -> run(id, r, c, p, base, stop));
        return id;
    }

    /** Asks job {@code id} to stop; false if it is unknown or over. */
    public boolean cancel(long id) {
        AtomicBoolean b = cancelled.get(id);
        if (b == null) return false;
        b.set(true);
        return true;
    }

    void cancelAll() {
        for (AtomicBoolean b : cancelled.values()) b.set(true);
        runner.shutdownNow();
    }

    private void run(long id, Request r, PixelClassifier c, SylvaProject p, Path base, AtomicBoolean stop) {
        List<String> written = new ArrayList<>(), errors = new ArrayList<>();
        int total = r.lanes().size() + r.files().size();
        int done = 0;
        String state = "done";
        try {
            for (int lane : r.lanes()) {
                if (stop.get()) throw new CancellationException();
                DataLane l = p.lanes().get(lane);
                int k = done;
                session.emit(new SessionEvent.JobProgress(id, l.name(), (double) k / total));
                Progress progress = progress(id, l.name(), k, total, stop);
                try {
                    Image raw = session.raw(lane);
                    Image labels = p.labels(lane).isEmpty() ? null : p.labels(lane).toImage();
                    PixelResults results = new PixelResults(c, raw, null, labels, workers, progress);
                    List<String> specs = new ArrayList<>();
                    for (Path f : l.resolve()) specs.add(l.internalPath().isEmpty() ? f.toString() : f + "/" + l.internalPath());
                    for (PixelSource s : r.sources()) {
                        ExportContext ctx = ExportContext.forInput(specs, raw.axes(), s.displayName(), base);
                        for (Path w : Exporter.export(results.get(s), ctx, r.settings())) written.add(w.toString());
                    }
                } catch (CancellationException e) {
                    throw e;
                } catch (Exception e) {
                    errors.add(l.name() + ": " + e.getMessage());
                }
                done++;
            }
            for (String f : r.files()) {
                if (stop.get()) throw new CancellationException();
                int k = done;
                session.emit(new SessionEvent.JobProgress(id, f, (double) k / total));
                try {
                    PixelBatch b = new PixelBatch(c, new PixelBatch.Settings(r.sources(), r.settings(), ReadOptions.DEFAULT,
                            ReadOptions.DEFAULT, base), workers);
                    for (Path w : b.process(f, null, progress(id, f, k, total, stop)).all()) written.add(w.toString());
                } catch (CancellationException e) {
                    throw e;
                } catch (Exception e) {
                    errors.add(e.getMessage());
                }
                done++;
            }
            if (!errors.isEmpty()) state = "failed";
        } catch (CancellationException e) {
            state = "cancelled";
        } catch (Throwable e) {
            state = "failed";
            errors.add(String.valueOf(e.getMessage()));
        } finally {
            cancelled.remove(id);
        }
        session.emit(new SessionEvent.JobProgress(id, "", state.equals("done") ? 1 : (double) done / total));
        session.emit(new SessionEvent.JobFinished(id, state, written, errors));
    }

    /** Progress of one image within the job; throws to stop the computation when the job is cancelled. */
    private Progress progress(long id, String what, int index, int total, AtomicBoolean stop) {
        AtomicLong last = new AtomicLong();
        return (done, all) -> {
            if (stop.get()) throw new CancellationException();
            long now = System.nanoTime();
            long prev = last.get();
            if (now - prev > 200_000_000L && last.compareAndSet(prev, now)) {
                double f = (index + (all == 0 ? 0 : (double) done / all)) / total;
                session.emit(new SessionEvent.JobProgress(id, what, Math.min(1, f)));
            }
        };
    }

    static String join(List<Path> paths) {
        StringBuilder sb = new StringBuilder();
        for (Path p : paths) {
            if (sb.length() > 0) sb.append(File.pathSeparator);
            sb.append(p);
        }
        return sb.toString();
    }
}

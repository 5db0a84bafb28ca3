package org.sylva.blockwise;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The process's compute threads: a fixed-size pool that runs independent pieces of work (rows, tiles, blocks, trees)
 * and waits for all of them. Every task writes its own disjoint output, so results never depend on the thread
 * count. One instance is shared by everything in a run ({@code --threads}, default: all cores).
 */
public final class Workers implements AutoCloseable {

    private final ForkJoinPool pool;
    private final int threads;

    /** A pool of {@code threads} workers (at least 1). */
    public Workers(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : new ForkJoinPool(this.threads);
    }

    /** A pool with one worker per available core. */
    public static Workers allCores() {
        return new Workers(Runtime.getRuntime().availableProcessors());
    }

    /** Number of worker threads. */
    public int threads() { return threads; }

    /**
     * Runs {@code task.accept(i)} for every {@code i} in {@code [0, count)} and returns when all have finished.
     * Work is handed out in contiguous chunks (about four per thread) so that small tasks stay cheap. Exceptions
     * and errors thrown by a task are rethrown here as they are (checked ones wrapped).
     */
    public void forEach(int count, IntConsumer task) {
        if (count <= 0) return;
        if (pool == null || count == 1 || java.util.concurrent.ForkJoinTask.getPool() == pool) {
            for (int i = 0; i < count; i++) task.accept(i);
            return;
        }
        int chunks = Math.min(count, threads * 4);
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int k = 0; k < chunks; k++) {
            int from = (int) ((long) count * k / chunks);
            int to = (int) ((long) count * (k + 1) / chunks);
            futures.add(pool.submit(() -> {
                for (int i = from; i < to; i++) task.accept(i);
            }));
        }
        Throwable failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (failure == null) failure = c;
            }
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;     // e.g. OutOfMemoryError, reported as such to the user
        if (failure != null) throw new IllegalStateException(failure);
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdown();
    }
}

package org.sylva.forest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs the same worker body on several threads and waits for all of them. Workers pull work items from a shared
 * counter, so results never depend on which thread did what; the caller stores results by item index.
 */
final class ParallelRun {

    /** A worker body: {@code id} is 0 .. threads-1 (for per-thread scratch). */
    interface Body {
        void run(int id) throws Exception;
    }

    private ParallelRun() {}

    /**
     * Runs {@code body} {@code threads} times in parallel: on {@code executor} when given, else on fresh threads (the
     * calling thread runs worker 0). Rethrows the first failure as an unchecked exception.
     */
    static void run(int threads, ExecutorService executor, Body body) {
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        if (threads == 1) {
            call(body, 0);
            return;
        }
        if (executor != null) {
            List<Future<?>> futures = new ArrayList<>(threads);
            for (int i = 0; i < threads; i++) {
                int id = i;
                futures.add(executor.submit(() -> { call(body, id); return null; }));
            }
            RuntimeException failure = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) failure = unchecked(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    for (Future<?> g : futures) g.cancel(true);
                    throw new IllegalStateException("interrupted", e);
                }
            }
            if (failure != null) throw failure;
            return;
        }
        Throwable[] failures = new Throwable[threads];
        Thread[] workers = new Thread[threads - 1];
        for (int i = 1; i < threads; i++) {
            int id = i;
            workers[i - 1] = new Thread(() -> {
                try {
                    call(body, id);
                } catch (Throwable t) {
                    failures[id] = t;
                }
            }, "sylva-forest-" + i);
            workers[i - 1].setDaemon(true);
            workers[i - 1].start();
        }
        try {
            call(body, 0);
        } catch (Throwable t) {
            failures[0] = t;
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        for (Throwable t : failures) {
            if (t != null) throw unchecked(t);
        }
    }

    private static void call(Body body, int id) {
        try {
            body.run(id);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}

package org.sylva.cli;

import java.io.Console;
import java.io.PrintWriter;
import org.sylva.blockwise.Progress;

/**
 * A one-line progress bar on the terminal ({@code \r}-redrawn, at most ten times a second), shown only when the
 * command runs attached to a terminal: in pipes, logs and CI nothing is printed.
 */
final class ConsoleProgress implements Progress, AutoCloseable {

    private final PrintWriter out;
    private final String label;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private ConsoleProgress(PrintWriter out, String label) {
        this.out = out;
        this.label = label;
    }

    /** A progress bar if stdin/stdout are a terminal, else a silent listener. */
    static ConsoleProgress open(String label) {
        Console c = System.console();
        return new ConsoleProgress(c == null ? null : c.writer(), label);
    }

    @Override
    public synchronized void update(long done, long total) {
        if (out == null) return;
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        String bar = "#".repeat(filled) + " ".repeat(width - filled);
        out.printf("\r%s [%s] %3d%%  %.1f s", label, bar, total == 0 ? 100 : 100 * done / total, (now - start) / 1e9);
        out.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (out != null && drawn) {
            out.print("\r" + " ".repeat(label.length() + 50) + "\r");
            out.flush();
        }
    }
}

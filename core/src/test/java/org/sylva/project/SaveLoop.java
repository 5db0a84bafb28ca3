package org.sylva.project;

import java.nio.file.Path;

/**
 * A separate process for {@link ProjectSaveTest}: opens a project and saves it again and again (each save with
 * other notes and one more labelled pixel in lane 2) until it is killed, printing {@code saved <n>} after each save.
 */
public final class SaveLoop {

    private SaveLoop() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        SylvaProject p = ProjectFile.read(file).project();
        for (int n = 1; ; n++) {
            SparseLabels l = p.labels(1);
            p = p.withNotes("save " + n).withLabels(1, l.fill(0, new org.sylva.image.Box(0, n % 500, 700, 1, 1, 1), 1));
            p = ProjectFile.write(p, file);
            System.out.println("saved " + n);
            System.out.flush();
        }
    }
}

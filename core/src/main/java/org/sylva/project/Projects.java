package org.sylva.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.sylva.blockwise.Workers;
import org.sylva.project.ilp.IlpImport;
import org.sylva.project.ilp.IlpObjectImport;
import org.sylva.project.ilp.IlpObjectReader;
import org.sylva.project.ilp.IlpReader;

/**
 * Opens a project of either kind for running it: a Sylva project ({@code .sylva}, {@link ProjectFile#read},
 * {@link ObjectProjectFile#read}) or an ilastik project ({@code .ilp}), imported in memory — Pixel Classification
 * with {@link IlpImport} ({@link #open}), Object Classification with {@link IlpObjectImport} ({@link #openObjects});
 * nothing is written beside the {@code .ilp}.
 *
 * <p>Data stored inside an {@code .ilp} ("copy into project") is written to a temporary folder deleted when the
 * program exits, like the embedded data of a {@code .sylva}: a lane references files, and reading the dataset
 * straight from the {@code .ilp} would need a second kind of lane for one case. The cost is one write of the image,
 * next to the one read any use of the lane needs.
 */
public final class Projects {

    /**
     * An opened project.
     *
     * @param project the project
     * @param warnings what the user should know: for a {@code .sylva} the reader's warnings (data found elsewhere,
     *                 missing, a dropped forest), for an {@code .ilp} the import report
     * @param ilp true if the file was an ilastik project
     */
    public record Opened(SylvaProject project, List<String> warnings, boolean ilp) {
        public Opened {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * An opened Object Classification project.
     *
     * @param project  the project
     * @param warnings the reader's warnings ({@code .sylva}) or the import report ({@code .ilp})
     * @param ilp      true if the file was an ilastik project
     */
    public record ObjectOpened(ObjectProject project, List<String> warnings, boolean ilp) {
        public ObjectOpened {
            warnings = List.copyOf(warnings);
        }
    }

    private Projects() {}

    /** True if {@code file} is named as an ilastik project ({@code .ilp}, any case). */
    public static boolean isIlp(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".ilp");
    }

    /**
     * Opens {@code file}: an {@code .ilp} as an ilastik project, anything else as a Sylva project.
     *
     * @throws IOException with one line naming the file and the problem ({@link ProjectFormatException},
     *                     {@link org.sylva.project.ilp.IlpException})
     */
    public static Opened open(Path file) throws IOException {
        if (!isIlp(file)) {
            ProjectFile.Loaded loaded = ProjectFile.read(file);
            return new Opened(loaded.project(), loaded.warnings(), false);
        }
        var ilp = IlpReader.read(file);
        IlpImport.Imported imported = inTemporaryFolder(
                folder -> IlpImport.convert(ilp, new IlpImport.Options(folder, true)));
        return new Opened(imported.project(), imported.report(), true);
    }

    /**
     * Opens an Object Classification project: an {@code .ilp} as an ilastik project (its labelled lanes' objects are
     * recomputed to place the object labels, with {@code workers}), anything else as a Sylva project.
     *
     * @throws IOException with one line naming the file and the problem
     */
    public static ObjectOpened openObjects(Path file, Workers workers) throws IOException {
        if (!isIlp(file)) {
            ObjectProjectFile.Loaded loaded = ObjectProjectFile.read(file);
            return new ObjectOpened(loaded.project(), loaded.warnings(), false);
        }
        var ilp = IlpObjectReader.read(file);
        IlpObjectImport.Imported imported = inTemporaryFolder(
                folder -> IlpObjectImport.convert(ilp, new IlpImport.Options(folder, true), workers));
        return new ObjectOpened(imported.project(), imported.report(), true);
    }

    /** An import step that writes its files (the ilastik project's embedded data) into {@code folder}. */
    private interface Conversion<T> {
        T into(Path folder) throws IOException;
    }

    /**
     * Runs {@code conversion} into a new temporary folder: deleted at once if the conversion fails, its files and
     * itself deleted when the JVM exits otherwise.
     */
    private static <T> T inTemporaryFolder(Conversion<T> conversion) throws IOException {
        Path folder = Files.createTempDirectory("sylva-ilp-");
        folder.toFile().deleteOnExit();
        T result;
        try {
            result = conversion.into(folder);
        } catch (IOException | RuntimeException e) {
            deleteTree(folder);
            throw e;
        }
        // registered after the folder, so deleted before it (deleteOnExit works in reverse order)
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(f -> f.toFile().deleteOnExit());
        }
        return result;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the folder is registered for deletion on exit anyway
        }
    }
}

package org.sylva.project;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.sylva.io.AtomicOutput;

/**
 * Reads and writes {@code .sylva} project files: a ZIP archive holding a JSON manifest, the sparse label blocks,
 * the trained forest and, only if asked, copies of the raw data (docs/project-format.md describes the format).
 *
 * <p><b>Saving</b> is all or nothing: the archive is written to a temporary file beside the target, synced to the
 * disk, and renamed over the target; a failure or a kill at any moment leaves the previous file as it was. The
 * previous file is kept as {@code <name>.bak} (one generation). Saving over a file that another save has changed
 * since this project was read or saved is refused (two windows on one project, ilastik #3235), unless asked.
 *
 * <p><b>Reading</b> trusts nothing in the file: every size, count and box is checked; a damaged or foreign file
 * gives a {@link ProjectFormatException} naming the file and the problem. Missing data does not stop a project from
 * opening: the lane is marked (see {@link DataLane#status()}) and a warning is returned. Old format versions are
 * upgraded on reading; a newer one is refused with a request to update.
 */
public final class ProjectFile {

    /** The format name in the manifest. */
    public static final String FORMAT = "sylva-project";
    /** The format version this Sylva writes (and the newest it reads). */
    public static final int VERSION = 2;
    /** The usual file extension. */
    public static final String EXTENSION = ".sylva";

    static final String MANIFEST = "manifest.json";
    static final String FOREST = "forest.bin";
    /** The most a manifest may hold; a real one is a few KB. */
    static final int MAX_MANIFEST = 16 << 20;

    /** The upgrade steps, by the version they start from. */
    private static final List<Migration> MIGRATIONS = List.of(new MigrationV0(), new MigrationV1());

    /**
     * How to save.
     *
     * @param keepBackup keep the previous file as {@code <name>.bak} (default on)
     * @param overwrite replace the target even if it is another project, or was saved by someone else since this
     *                  project was read (default off: such a save is refused)
     */
    public record SaveOptions(boolean keepBackup, boolean overwrite) {

        /** Keep a backup, refuse to overwrite other saves. */
        public static final SaveOptions DEFAULT = new SaveOptions(true, false);

        /** These options without keeping a {@code .bak}. */
        public SaveOptions withoutBackup() { return new SaveOptions(false, overwrite); }

        /** These options replacing the target whatever it holds. */
        public SaveOptions overwriting() { return new SaveOptions(keepBackup, true); }
    }

    /**
     * A project as read, with what the user should be told.
     *
     * @param project the project
     * @param warnings things that did not stop the project from opening, each naming the lane or member: data found
     *                 elsewhere, data missing or not the right file, a classifier dropped
     * @param formatVersion the version the file was written in (older ones were upgraded while reading)
     */
    public record Loaded(SylvaProject project, List<String> warnings, int formatVersion) {

        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    private ProjectFile() {}

    /**
     * Reads a project file.
     *
     * @throws ProjectFormatException naming the file and the problem if it is missing, not a Sylva project, damaged,
     *                                or written by a newer Sylva
     */
    public static Loaded read(Path file) throws IOException {
        List<String> warnings = new ArrayList<>();
        try (ZipEntries zip = ZipEntries.open(file)) {
            Migration.Document doc;
            if (zip.has(MANIFEST)) {
                doc = new Migration.Document(parse(zip, MANIFEST), zip);
            } else if (zip.has(MigrationV0.MANIFEST)) {
                doc = new Migration.Document(parse(zip, MigrationV0.MANIFEST), zip);
            } else {
                throw new ProjectFormatException(file, "not a Sylva project: the archive has no " + MANIFEST);
            }
            String member = zip.has(MANIFEST) ? MANIFEST : MigrationV0.MANIFEST;
            Json json = new Json(file, member);
            int version = checkFormat(file, json, doc.manifest());
            for (Migration step : MIGRATIONS) {
                if (step.from() >= version && step.from() < VERSION) doc = step.apply(doc);
            }
            SylvaProject project = new ProjectReader(file, doc.entries(), warnings).read(doc.manifest());
            return new Loaded(project, warnings, version);
        }
    }

    /**
     * Checks a manifest's {@code format} and {@code version}, shared by both workflows' readers.
     *
     * @return the format version the file was written in
     * @throws ProjectFormatException if the format is not ours or the version is newer than {@link #VERSION}
     */
    static int checkFormat(Path file, Json json, JsonNode manifest) throws ProjectFormatException {
        JsonNode format = manifest.get("format");
        if (format == null || !format.isTextual() || !format.textValue().equals(FORMAT)) {
            throw json.bad("format", "not a Sylva project (format " + format + ", expected \"" + FORMAT + "\")");
        }
        int version = (int) json.integer(manifest, "version", "", 0, Integer.MAX_VALUE);
        if (version > VERSION) {
            throw new ProjectFormatException(file, "this project was written by a newer Sylva (format " + version
                    + "); please update Sylva to open it (this one reads formats up to " + VERSION + ")");
        }
        return version;
    }

    /**
     * The workflow a {@code .sylva} file holds ({@code "Pixel Classification"} or {@code "Object Classification"}),
     * read from its manifest without reading the rest.
     *
     * @throws ProjectFormatException if the file is not a Sylva project
     */
    public static String workflow(Path file) throws IOException {
        try (ZipEntries zip = ZipEntries.open(file)) {
            if (!zip.has(MANIFEST)) {
                if (zip.has(MigrationV0.MANIFEST)) return SylvaProject.WORKFLOW;
                throw new ProjectFormatException(file, "not a Sylva project: the archive has no " + MANIFEST);
            }
            JsonNode w = parse(zip, MANIFEST).get("workflow");
            return w == null || !w.isTextual() ? "" : w.textValue();
        }
    }

    static ObjectNode parse(Entries entries, String member) throws IOException {
        byte[] bytes = entries.read(member, MAX_MANIFEST);
        try {
            JsonNode n = ProjectWriter.JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new ProjectFormatException(entries.file(), member + ": expected a JSON object");
            }
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ProjectFormatException(entries.file(), member + ": malformed JSON" + where + " ("
                    + e.getOriginalMessage() + ")", e);
        }
    }

    /** Saves {@code project} to {@code target} with the default options; see {@link #write(SylvaProject, Path, SaveOptions)}. */
    public static SylvaProject write(SylvaProject project, Path target) throws IOException {
        return write(project, target, SaveOptions.DEFAULT);
    }

    /**
     * Saves {@code project} to {@code target}, atomically. Data paths are stored relative to the target's folder
     * where possible. A forest that is not {@linkplain SylvaProject#forestIsCurrent() current} is not saved. Lanes
     * marked {@link DataLane#embed()} get a copy of their data files in the archive.
     *
     * @return the project as saved: with the new save time, Sylva version and revision id — keep it, it is what a
     *         later save to the same file must start from
     * @throws ProjectFormatException if the target is a folder, or was changed by another save since this project
     *                                was read (and {@code options.overwrite()} is off), or an embedded lane's data is
     *                                not available
     * @throws IOException if the folder is not writable or writing fails (the previous file is then untouched)
     */
    public static SylvaProject write(SylvaProject project, Path target, SaveOptions options) throws IOException {
        return write(project, target, options, UnaryOperator.identity());
    }

    /** {@link #write(SylvaProject, Path, SaveOptions)} with the archive's stream wrapped (tests inject failures). */
    static SylvaProject write(SylvaProject project, Path target, SaveOptions options, UnaryOperator<OutputStream> wrap)
            throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new ProjectFormatException(abs, "is a folder; give a file name such as project" + EXTENSION);
        }
        AtomicOutput.checkWritableFolder(abs);
        if (!options.overwrite()) checkNotChangedElsewhere(project.info().revision(), abs);
        for (DataLane lane : project.lanes()) {
            if (!lane.embed()) continue;
            if (!lane.isAvailable()) {
                throw new ProjectFormatException(abs, "cannot store a copy of the data of lane '" + lane.name()
                        + "' in the project: " + lane.status().problem());
            }
            // a copy must be of the data the labels were made on, or it would be refused when the project is opened
            for (int k = 0; k < lane.files().size(); k++) {
                Path from = lane.status().readFrom().get(k);
                if (!lane.files().get(k).fingerprint().matches(from)) {
                    throw new ProjectFormatException(abs, "cannot store a copy of the data of lane '" + lane.name()
                            + "' in the project: " + from + " has changed since it was added to the project");
                }
            }
        }
        SylvaProject saved = project.withInfo(project.info().savedNow(UUID.randomUUID().toString()));
        ProjectWriter writer = new ProjectWriter(saved, abs);
        AtomicOutput.write(abs, tmp -> {
            writer.writeTo(tmp, wrap);
            if (options.keepBackup() && Files.isRegularFile(abs)) keepBackup(abs);
        });
        syncFolder(abs.getParent());
        return saved;
    }

    /** The backup file of {@code project}: {@code <name>.bak} beside it. */
    public static Path backupOf(Path project) {
        return project.resolveSibling(project.getFileName() + ".bak");
    }

    /**
     * Refuses to replace a project file whose revision is not the one {@code project} was read from or last saved
     * as: someone else saved it meanwhile (or it is another project), and their work would be lost.
     */
    static void checkNotChangedElsewhere(String ours, Path target) throws IOException {
        if (!Files.isRegularFile(target)) return;
        String theirs;
        try (ZipEntries zip = ZipEntries.open(target)) {
            if (!zip.has(MANIFEST)) return;   // not a current project (damaged, foreign or old): nothing to protect
            JsonNode rev = parse(zip, MANIFEST).get("revision");
            theirs = rev == null || !rev.isTextual() ? null : rev.textValue();
        } catch (ProjectFormatException e) {
            return;   // unreadable: the backup keeps it
        }
        if (theirs != null && !theirs.equals(ours)) {
            throw new ProjectFormatException(target, ours == null
                    ? "a project file of this name exists already; save under another name or choose to replace it"
                    : "the file was saved by someone else (another Sylva window?) after this project was opened; "
                    + "saving would lose their changes — save under another name or choose to replace it");
        }
    }

    /**
     * Makes {@code <name>.bak} the current content of {@code target}: a hard link when the file system allows (no
     * copy, instant), else a copy; through a temporary name, so that an existing backup is replaced atomically.
     */
    static void keepBackup(Path target) throws IOException {
        Path bak = backupOf(target);
        Path tmp = bak.resolveSibling("." + bak.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            try {
                Files.createLink(tmp, target);
            } catch (UnsupportedOperationException | FileAlreadyExistsException | SecurityException e) {
                Files.copy(target, tmp, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                Files.copy(target, tmp);
            }
            try {
                Files.move(tmp, bak, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, bak, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes the rename durable (POSIX needs the folder synced too); not possible on every system, then skipped. */
    static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // Windows cannot open folders; its rename is durable once it returns
        }
    }
}

package org.sylva.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.sylva.image.Axes;
import org.sylva.image.Image;

/**
 * The one entry point for image files: reads a file, an HDF5 dataset ({@code file.h5/internal/path}), a glob or a
 * list of files (stacked, see {@link ImageSequence}), and writes an image in the format its extension names,
 * atomically. Formats are a plain list, tried by extension: TIFF, PNG, JPEG, NumPy, HDF5.
 *
 * <p>Every failure is an {@link ImageFileException} whose message names the file and the problem.
 */
public final class ImageFiles {

    /** The known formats, in the order they are listed to users. */
    public static final List<ImageFormat> FORMATS = List.of(
            new TiffFormat(), RasterFormat.PNG, RasterFormat.JPEG, new NpyFormat(), new Hdf5Format());

    private ImageFiles() {}

    /** Reads an image with the file's own axes; see {@link #read(String, ReadOptions)}. */
    public static Image read(String spec) throws IOException {
        return read(spec, ReadOptions.DEFAULT);
    }

    /**
     * Reads {@code spec}: a file ({@code cells.png}), an HDF5 dataset ({@code data.h5/volume/raw}; the internal
     * path may be left out when the file holds one dataset), a glob ({@code frames/t*.png}) or a path-separator list
     * of files ({@code a.png:b.png}), the last two stacked along {@code options.stackAlong()} (a glob matching a
     * single file reads that file). The result's axes are the file's (or the guess), or the user's
     * {@code options.axes()}.
     *
     * @throws ImageFileException for a missing file, a folder, an unknown extension, unreadable or empty data, or
     *                            axes that do not fit the data
     */
    public static Image read(String spec, ReadOptions options) throws IOException {
        Image image;
        if (ImageSequence.isSequence(spec)) {
            List<String> files = ImageSequence.expand(spec);
            image = files.size() == 1 ? readOne(files.get(0)) : ImageSequence.read(files, options.stackAlong());
        } else {
            image = readOne(spec);
        }
        return options.axes() == null ? image : withAxes(image, options.axes(), spec);
    }

    /** Reads one file or HDF5 dataset (no globs, no stacks). */
    static Image readOne(String spec) throws IOException {
        DataPath path;
        try {
            path = DataPath.parse(spec);
        } catch (InvalidPathException e) {
            throw new ImageFileException(ImageSequence.pathOf(spec), "not a valid file name (" + e.getReason() + ")");
        }
        Path file = path.file();
        if (!Files.exists(file)) {
            // "cells.png/data": a path inside a file that is not a container
            for (Path p = file.getParent(); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p)) {
                    String inside = p.relativize(file).toString().replace('\\', '/');
                    throw new ImageFileException(p, "is a single image (" + formatName(p) + "), not a container:"
                            + " cannot read '" + inside + "' inside it");
                }
            }
            throw new ImageFileException(file, "file not found");
        }
        if (Files.isDirectory(file)) {
            throw new ImageFileException(file, "is a folder, not an image file (for all the images in it, give a"
                    + " pattern such as " + file.resolve("*.png") + ")");
        }
        if (!Files.isReadable(file)) throw new ImageFileException(file, "permission denied");
        ImageFormat format = formatFor(file);
        if (path.hasInternalPath() && !(format instanceof Hdf5Format)) {
            throw new ImageFileException(file, format.name() + " files hold no datasets; cannot read '"
                    + path.internalPath() + "' inside it");
        }
        try {
            return format.read(path);
        } catch (IOException e) {
            throw AtomicOutput.explain(file, e);
        }
    }

    /**
     * The image with the user's axis letters: one per dimension of the data as read, in its order.
     *
     * @throws ImageFileException if the letters are not axes, repeat, or do not match the number of dimensions
     */
    static Image withAxes(Image image, String letters, String source) throws ImageFileException {
        Path file = ImageSequence.pathOf(source);
        String dims = NpyFormat.shapeText(image.shape().in(image.axes()));
        Axes axes;
        try {
            axes = Axes.of(letters);
        } catch (IllegalArgumentException e) {
            throw new ImageFileException(file, "--axes " + e.getMessage().replaceFirst("^axes ", ""));
        }
        if (axes.size() != image.axes().size()) {
            throw new ImageFileException(file, "--axes '" + letters + "' has " + axes.size() + " letter"
                    + (axes.size() == 1 ? "" : "s") + " but the data has " + image.axes().size() + " dimensions "
                    + dims + " (read as '" + image.axes() + "'); give one letter per dimension");
        }
        if (axes.equals(image.axes())) return image;
        try {
            return image.reinterpret(axes);
        } catch (IllegalArgumentException e) {
            throw new ImageFileException(file, "--axes '" + letters + "': " + e.getMessage());
        }
    }

    /** Writes {@code image} to {@code target} ({@code out.png}, {@code out.h5/exported_data}, …); see {@link #write(Image, Path, WriteOptions)}. */
    public static void write(Image image, String target, WriteOptions options) throws IOException {
        DataPath path;
        try {
            path = DataPath.parse(target);
        } catch (InvalidPathException e) {
            throw new ImageFileException(ImageSequence.pathOf(target), "not a valid file name (" + e.getReason() + ")");
        }
        write(image, path, options);
    }

    /**
     * Writes {@code image} in the format named by the file's extension, through a temporary file renamed over the
     * target when complete ({@link AtomicOutput}): a failed write leaves no file behind and an existing file intact.
     * An HDF5 target always becomes a new file holding just this dataset (ilastik would add it to an existing file).
     *
     * @throws ImageFileException if the folder is missing or not writable, the extension unknown, or the format
     *                            cannot hold this image
     */
    public static void write(Image image, Path target, WriteOptions options) throws IOException {
        write(image, new DataPath(target, ""), options);
    }

    private static void write(Image image, DataPath path, WriteOptions options) throws IOException {
        Path file = path.file();
        if (Files.isDirectory(file)) throw new ImageFileException(file, "is a folder; give a file name to write");
        ImageFormat format = formatFor(file);
        if (path.hasInternalPath() && !(format instanceof Hdf5Format)) {
            throw new ImageFileException(file, format.name() + " files hold no datasets; cannot write '"
                    + path.internalPath() + "' inside it");
        }
        try {
            AtomicOutput.write(file, tmp -> {
                try {
                    format.write(image, new DataPath(tmp, path.internalPath()), options);
                } catch (ImageFileException e) {
                    // the format names the temporary file: report the target instead
                    throw e.file().equals(tmp) ? new ImageFileException(file, e.problem(), e) : e;
                }
            });
        } catch (IOException e) {
            throw AtomicOutput.explain(file, e);
        }
    }

    private static String formatName(Path file) {
        try {
            return formatFor(file).name();
        } catch (ImageFileException e) {
            return "unknown format";
        }
    }

    /**
     * The format for {@code file}, by its extension (case-insensitive).
     *
     * @throws ImageFileException naming the known extensions if none matches
     */
    public static ImageFormat formatFor(Path file) throws ImageFileException {
        String ext = DataPath.extensionOf(file);
        for (ImageFormat f : FORMATS) {
            if (f.extensions().contains(ext)) return f;
        }
        throw new ImageFileException(file, (ext.isEmpty() ? "unknown image format (no file extension)"
                : "unknown image format '." + ext + "'") + " — Sylva reads: " + String.join(", ", extensions()));
    }

    /** Every extension Sylva reads and writes, in the order of {@link #FORMATS} (e.g. for messages and file dialogs). */
    public static List<String> extensions() {
        List<String> all = new ArrayList<>();
        for (ImageFormat f : FORMATS) all.addAll(f.extensions().stream().sorted(ImageFiles::byLength).collect(Collectors.toList()));
        return all;
    }

    private static int byLength(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}

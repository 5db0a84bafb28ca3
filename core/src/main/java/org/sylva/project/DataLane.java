package org.sylva.project;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sylva.export.Nickname;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.DataPath;
import org.sylva.io.ImageFiles;
import org.sylva.io.ImageSequence;
import org.sylva.io.ReadOptions;

/**
 * One image of a project (ilastik's "lane"): a reference to its raw data — never the pixels themselves — with what
 * the data must look like, so that a moved file can be found again and a different file refused.
 *
 * @param name the lane's nickname (ilastik's {@code {nickname}}: the file name without extension)
 * @param files the file, or the files of a stack in stacking order
 * @param internalPath the dataset inside an HDF5 file (each file of a stack), or empty
 * @param stackAlong the axis a stack of several files is stacked along: {@code z}, {@code t} or {@code c}
 * @param shape the data's extents as read
 * @param axes the data's axes as read (the file's own, or the user's override)
 * @param dtype the data's sample type (a placeholder, not checked, for a lane whose files are
 *              {@linkplain Fingerprint#isVerified() unverified}: ilastik projects do not store it)
 * @param embed keep a copy of the data files inside the project file (off by default: projects stay small)
 * @param status whether the data can be read now, and from where
 */
public record DataLane(String name, List<DataFile> files, String internalPath, char stackAlong, Shape shape,
                       Axes axes, DType dtype, boolean embed, Status status) {

    /** Whether a lane's data can be used. */
    public enum State {
        /** The data files (or their copies embedded in the project) are there and are the right ones. */
        AVAILABLE,
        /** A data file was not found where the project says, nor beside the project. */
        MISSING,
        /** A file was found, but it is not the one the project was made with (size or checksum differ). */
        MISMATCHED
    }

    /**
     * Where a lane's data can be read from, or why it cannot.
     *
     * @param state available, missing or mismatched
     * @param readFrom for an available lane, one path per data file to read (the files themselves, or copies
     *                 extracted from the project); empty otherwise
     * @param problem for a lane that is not available, a message naming the file and the lane; empty otherwise
     */
    public record Status(State state, List<Path> readFrom, String problem) {

        public Status {
            Objects.requireNonNull(state, "state");
            readFrom = List.copyOf(readFrom);
            problem = problem == null ? "" : problem;
            if (state == State.AVAILABLE && readFrom.isEmpty()) {
                throw new IllegalArgumentException("an available lane needs the paths to read from");
            }
            if (state != State.AVAILABLE && problem.isEmpty()) {
                throw new IllegalArgumentException("a lane that is not available needs a problem message");
            }
        }

        /** Data that can be read from {@code paths}. */
        public static Status available(List<Path> paths) {
            return new Status(State.AVAILABLE, paths, "");
        }

        /** Data whose file was not found. */
        public static Status missing(String problem) {
            return new Status(State.MISSING, List.of(), problem);
        }

        /** Data whose file is not the one the project was made with. */
        public static Status mismatched(String problem) {
            return new Status(State.MISMATCHED, List.of(), problem);
        }
    }

    public DataLane {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a lane needs a name");
        files = List.copyOf(files);
        if (files.isEmpty()) throw new IllegalArgumentException("a lane needs at least one data file");
        internalPath = internalPath == null ? "" : internalPath;
        if ("ztc".indexOf(stackAlong) < 0) {
            throw new IllegalArgumentException("cannot stack along '" + stackAlong + "' (use z, t or c)");
        }
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(axes, "axes");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(status, "status");
        for (char a : Axes.CANONICAL.toCharArray()) {
            if (shape.get(a) > 1 && !axes.has(a)) {
                throw new IllegalArgumentException("axes '" + axes + "' lack axis '" + a + "' of extent " + shape.get(a));
            }
        }
        if (status.state() == State.AVAILABLE && status.readFrom().size() != files.size()) {
            throw new IllegalArgumentException(files.size() + " data files but " + status.readFrom().size()
                    + " paths to read from");
        }
    }

    /**
     * A lane for the data {@code spec} names (a file, an HDF5 dataset {@code file.h5/path}, a glob or a
     * path-separator list of files), reading it once to learn its shape, axes and type.
     *
     * @throws IOException (an {@link org.sylva.io.ImageFileException} naming the file) if it cannot be read
     */
    public static DataLane open(String spec, ReadOptions options) throws IOException {
        return of(spec, options, ImageFiles.read(spec, options));
    }

    /**
     * A lane for the data {@code spec} names, which the caller has already read as {@code image} with
     * {@code options}. Reads at most 2 MiB of each file (for its {@link Fingerprint}).
     *
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if the files of a stack name different datasets
     */
    public static DataLane of(String spec, ReadOptions options, Image image) throws IOException {
        List<String> members = ImageSequence.isSequence(spec) ? ImageSequence.expand(spec) : List.of(spec);
        List<DataFile> files = new ArrayList<>();
        String internal = null;
        for (String m : members) {
            DataPath dp = DataPath.parse(m);
            if (internal != null && !internal.equals(dp.internalPath())) {
                throw new IllegalArgumentException("the files of a stack must name the same dataset: '" + internal
                        + "' and '" + dp.internalPath() + "'");
            }
            internal = dp.internalPath();
            Path file = dp.file().toAbsolutePath().normalize();
            files.add(new DataFile(file, Fingerprint.of(file)));
        }
        List<Path> paths = files.stream().map(DataFile::path).toList();
        return new DataLane(Nickname.of(spec), files, internal, options.stackAlong(), image.shape(), image.axes(),
                image.dtype(), false, Status.available(paths));
    }

    /** True if the data can be read now. */
    public boolean isAvailable() { return status.state() == State.AVAILABLE; }

    /** Channels of the raw data. */
    public int channels() { return shape.c(); }

    /**
     * The paths to read the data from (one per data file).
     *
     * @throws LaneDataException naming the file and the lane if the data is missing or not the right file
     */
    public List<Path> resolve() throws LaneDataException {
        if (isAvailable()) return status.readFrom();
        throw new LaneDataException(files.get(0).path(), status.state(), status.problem());
    }

    /**
     * Reads the raw data, with the axes recorded in the project, and checks that it still has the recorded shape and
     * type (a file changed in place keeps its name but may no longer fit the labels).
     *
     * @throws LaneDataException if the data is missing, not the right file, or no longer of the recorded shape/type
     * @throws IOException if it cannot be read
     */
    public Image read() throws IOException {
        List<Path> from = resolve();
        StringBuilder spec = new StringBuilder();
        for (Path p : from) {
            if (spec.length() > 0) spec.append(File.pathSeparator);
            spec.append(internalPath.isEmpty() ? p.toString() : p + "/" + internalPath);
        }
        Image image = ImageFiles.read(spec.toString(), new ReadOptions(axes.letters(), stackAlong));
        boolean typeKnown = files.stream().allMatch(f -> f.fingerprint().isVerified());
        if (!image.shape().equals(shape) || (typeKnown && image.dtype() != dtype)) {
            throw new LaneDataException(from.get(0), State.MISMATCHED, "lane '" + name + "': the data now reads as "
                    + image.dtype() + " " + image.shape() + " but the project was made with " + dtype + " " + shape
                    + "; the labels would not fit it — relink the lane to the original data");
        }
        return image.withName(name);
    }

    /**
     * This lane pointed at other files (the data was moved or renamed): each must have the size and checksum the
     * project recorded.
     *
     * @param newFiles one path per data file, in stacking order
     * @throws LaneDataException naming the first file that is missing or differs
     */
    public DataLane relink(List<Path> newFiles) throws IOException {
        if (newFiles.size() != files.size()) {
            throw new IllegalArgumentException("lane '" + name + "' has " + files.size() + " data file"
                    + (files.size() == 1 ? "" : "s") + ", got " + newFiles.size());
        }
        List<DataFile> out = new ArrayList<>();
        for (int i = 0; i < newFiles.size(); i++) {
            Path p = newFiles.get(i).toAbsolutePath().normalize();
            DataFile old = files.get(i);
            if (!Files.isRegularFile(p)) {
                throw new LaneDataException(p, State.MISSING, "lane '" + name + "': file not found");
            }
            if (!old.fingerprint().matches(p)) {
                throw new LaneDataException(p, State.MISMATCHED, LaneLocator.mismatch(name, p, old.fingerprint()));
            }
            // an unverified fingerprint stays so: it is part of the training key of an imported forest (Fingerprint)
            boolean keep = old.fingerprint().isCurrent() || !old.fingerprint().isVerified();
            out.add(new DataFile(p, keep ? old.fingerprint() : Fingerprint.of(p)));
        }
        return new DataLane(name, out, internalPath, stackAlong, shape, axes, dtype, embed,
                Status.available(out.stream().map(DataFile::path).toList()));
    }

    /** This lane with another nickname. */
    public DataLane withName(String newName) {
        return new DataLane(newName, files, internalPath, stackAlong, shape, axes, dtype, embed, status);
    }

    /** This lane with its data copied into the project file on save ({@code true}) or referenced only. */
    public DataLane withEmbed(boolean on) {
        return new DataLane(name, files, internalPath, stackAlong, shape, axes, dtype, on, status);
    }

    DataLane withFilesAndStatus(List<DataFile> newFiles, Status newStatus) {
        return new DataLane(name, newFiles, internalPath, stackAlong, shape, axes, dtype, embed, newStatus);
    }
}

package org.sylva.export;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.AtomicOutput;
import org.sylva.io.DataPath;
import org.sylva.io.Hdf5Format;
import org.sylva.io.ImageFileException;
import org.sylva.io.NpyFormat;
import org.sylva.io.RasterFormat;
import org.sylva.io.TiffFormat;
import org.sylva.io.WriteOptions;

/**
 * ilastik's export step (spec §3.2) over an in-memory result: <b>cutout</b> (in the result's own axis order) →
 * <b>renormalisation and type conversion</b> ({@link Conversion}) → <b>axis reordering</b> → <b>write</b>, with
 * ilastik's file naming. Pure functions plus one writer; the command line and the web app call {@link #export}.
 *
 * <p>Writing is all or nothing: every file goes to a hidden temporary file beside its target and is renamed into
 * place only when all files (every slice of a sequence) are complete; a failure leaves no new file and existing
 * files untouched. Missing output folders are created, as ilastik does (and removed again if the export fails);
 * an unwritable one is reported by name before anything is written.
 * An HDF5 target is a new file holding the one dataset: replacing an existing file that holds other datasets is
 * refused (ilastik would add the dataset to it).
 */
public final class Exporter {

    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);
    private static final Pattern SLICE_INDEX = Pattern.compile("\\{slice_index(?:[:!][^{}]*)?}");
    /** Order in which vigra (ilastik's 2-D writer) lays out spatial axes: the first is the image width. */
    private static final String VIGRA_ORDER = "xyzt";

    /** Writes one image to one (temporary) file; the real writers, or a test's stand-in. */
    @FunctionalInterface
    interface OneFileWriter {
        void write(Image image, Path file, ExportFormat format, String internalPath) throws IOException;
    }

    private Exporter() {}

    /**
     * Exports {@code image} (an export source, e.g. probabilities with axes {@code yxc}) as {@code settings} say,
     * named from {@code context}.
     *
     * @return the files written (one, or one per slice for sequences), absolute
     * @throws FlagException for settings that do not fit this image (a cutout of the wrong length, an axis order
     *                       dropping an axis of extent &gt; 1, a bad template)
     * @throws ImageFileException for a format that cannot hold the data, a missing or unwritable folder, a write
     *                            error — nothing is left behind
     */
    public static List<Path> export(Image image, ExportContext context, ExportSettings settings) throws IOException {
        return write(prepare(image, context, settings));
    }

    /**
     * Works out the export without writing: the final image and the file names. Checks that the format can hold
     * the data before converting it.
     *
     * @throws FlagException for settings that do not fit this image
     * @throws ImageFileException naming the target when the format cannot hold the data
     */
    public static PreparedExport prepare(Image image, ExportContext context, ExportSettings settings)
            throws ImageFileException {
        List<String> warnings = new ArrayList<>();
        Region region = settings.cutout() == null ? Region.full(image.axes(), image.shape())
                : settings.cutout().resolve(image.axes(), image.shape(), warnings);
        Image cut = region.isFull(image.shape()) ? image : crop(image, region);
        if (settings.inputRange() != null && settings.exportRange() == null) {
            warnings.add("--pipeline_result_drange " + settings.inputRange() + " is ignored without --export_drange"
                    + " (ilastik renormalises only when both are given)");
        }
        Axes order = outputAxes(cut, context, settings);
        checkKeeps(cut, order, settings.axisOrder() == null);
        Conversion conversion = Conversion.of(settings);
        DType dtype = conversion.targetFor(cut.dtype());

        Map<String, Object> values = placeholders(context, region, order);
        ExportFormat format = settings.format();
        String internal = format.kind() == ExportFormat.Kind.HDF5
                ? FilenameTemplate.fill(settings.internalPath(), values, ExportFlags.OUTPUT_INTERNAL_PATH) : "";
        char step = format.sequence() ? firstNonSingleton(cut.shape(), order) : 0;
        List<Path> files = targets(settings.filenameTemplate(), format, values, context.baseDir(), cut.shape(), step,
                region);
        checkFits(cut.shape(), order, dtype, format, step, files.get(0));

        Image out = reorder(conversion.apply(cut), order);
        for (String w : warnings) LOG.warn("{}", w);
        return new PreparedExport(out, region, format, files, internal, step, warnings);
    }

    /** Writes a prepared export; see {@link #export}. */
    public static List<Path> write(PreparedExport p) throws IOException {
        return write(p, Exporter::writeFile);
    }

    static List<Path> write(PreparedExport p, OneFileWriter writer) throws IOException {
        for (Path f : p.files()) {
            if (Files.isDirectory(f)) throw new ImageFileException(f, "is a folder; give a file name to write");
        }
        if (p.format().kind() == ExportFormat.Kind.HDF5) checkHdf5Target(p.file(), p.internalPath());
        List<Path> created = new ArrayList<>();
        boolean done = false;
        try {
            Set<Path> folders = new LinkedHashSet<>();
            for (Path f : p.files()) {
                if (folders.add(f.toAbsolutePath().getParent())) {
                    createFolders(f, created);
                    AtomicOutput.checkWritableFolder(f);
                }
            }
            try (StagedFiles staged = new StagedFiles()) {
                if (!p.format().sequence()) {
                    writeStaged(staged, writer, p.image(), p.file(), p.format(), p.internalPath());
                } else {
                    for (int i = 0; i < p.files().size(); i++) {
                        writeStaged(staged, writer, slice(p.image(), p.sliceAxis(), i), p.files().get(i), p.format(),
                                "");
                    }
                }
                staged.commit();
            } catch (IOException e) {
                throw AtomicOutput.explain(p.file(), e);
            }
            done = true;
        } finally {
            if (!done) removeEmpty(created);
        }
        return p.files();
    }

    /**
     * Creates the missing folders above {@code target} (ilastik's {@code mkdir_p}, so that templates like
     * {@code {dataset_dir}/results/{nickname}} work), recording each folder created, outermost first.
     */
    private static void createFolders(Path target, List<Path> created) throws ImageFileException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || Files.isDirectory(dir)) return;
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) missing.add(0, d);
        for (Path d : missing) {
            try {
                Files.createDirectory(d);
                created.add(d);
            } catch (IOException e) {
                Path parent = d.getParent();
                String why = parent != null && Files.isDirectory(parent) && !Files.isWritable(parent)
                        ? "folder " + parent + " is not writable"
                        : Files.exists(d) && !Files.isDirectory(d) ? d + " is a file, not a folder"
                        : e.getClass().getSimpleName() + " " + e.getMessage();
                throw new ImageFileException(target, "cannot create folder " + dir + ": " + why);
            }
        }
        if (!Files.isDirectory(dir)) throw new ImageFileException(target, "cannot write: " + dir + " is not a folder");
    }

    /** Removes the folders this export created, innermost first, when the export failed and they are empty. */
    private static void removeEmpty(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException ignored) {
                // not empty (another process wrote there) or gone: leave it
            }
        }
    }

    private static void writeStaged(StagedFiles staged, OneFileWriter writer, Image image, Path target,
                                    ExportFormat format, String internalPath) throws IOException {
        Path tmp = staged.stage(target);
        try {
            writer.write(image, tmp, format, internalPath);
        } catch (ImageFileException e) {
            // the format names the temporary file: report the target instead
            throw e.file() != null && e.file().toAbsolutePath().equals(tmp.toAbsolutePath())
                    ? new ImageFileException(target, e.problem(), e) : e;
        } catch (IOException e) {
            throw AtomicOutput.explain(target, e);
        }
    }

    /** Sylva's writer for each format. */
    static void writeFile(Image image, Path file, ExportFormat format, String internalPath) throws IOException {
        switch (format.kind()) {
            case HDF5 -> new Hdf5Format().write(image, new DataPath(file, internalPath),
                    new WriteOptions(image.axes(), format.compressed()));
            case NUMPY -> new NpyFormat().write(image, new DataPath(file, ""), new WriteOptions(image.axes(), false));
            // TIFF stores ImageJ's axis order t, z, c, y, x whatever the output order
            case TIFF -> new TiffFormat().write(image, new DataPath(file, ""), new WriteOptions(null, false));
            case PNG -> RasterFormat.PNG.write(as2d(image), new DataPath(file, ""), new WriteOptions(null, false));
            case JPEG -> RasterFormat.JPEG.write(as2d(image), new DataPath(file, ""), new WriteOptions(null, false));
        }
    }

    // --- the pipeline steps ----------------------------------------------------------------------------------

    /**
     * The part of {@code image} inside {@code region} (whose axes are the image's): a new image with the same axes,
     * calibration, drange and name. Slices along t and z share the source's planes.
     */
    public static Image crop(Image image, Region region) {
        if (!region.axes().equals(image.axes())) {
            throw new IllegalArgumentException("region axes '" + region.axes() + "' differ from the image's '"
                    + image.axes() + "'");
        }
        Shape s = image.shape();
        int t0 = (int) region.start('t');
        int z0 = (int) region.start('z');
        int y0 = (int) region.start('y');
        int x0 = (int) region.start('x');
        int c0 = (int) region.start('c');
        Shape ns = new Shape(region.extent('t'), region.extent('z'), region.extent('y'), region.extent('x'),
                region.extent('c'));
        Image out;
        if (ns.y() == s.y() && ns.x() == s.x() && ns.c() == s.c()) {
            Object[] planes = new Object[ns.planes()];
            for (int t = 0; t < ns.t(); t++) {
                for (int z = 0; z < ns.z(); z++) planes[t * ns.z() + z] = image.plane(t0 + t, z0 + z);
            }
            out = Image.wrap(image.dtype(), ns, image.axes(), planes);
        } else {
            out = Image.create(image.dtype(), ns, image.axes());
            int sc = s.c();
            int ec = ns.c();
            for (int t = 0; t < ns.t(); t++) {
                for (int z = 0; z < ns.z(); z++) {
                    Object src = image.plane(t0 + t, z0 + z);
                    Object dst = out.plane(t, z);
                    for (int y = 0; y < ns.y(); y++) {
                        if (ec == sc) {
                            System.arraycopy(src, ((y0 + y) * s.x() + x0) * sc, dst, y * ns.x() * ec, ns.x() * ec);
                        } else {
                            for (int x = 0; x < ns.x(); x++) {
                                System.arraycopy(src, ((y0 + y) * s.x() + x0 + x) * sc + c0, dst, (y * ns.x() + x) * ec, ec);
                            }
                        }
                    }
                }
            }
        }
        return out.withCalibration(image.calibration()).withDrange(image.drange()).withName(image.name());
    }

    /**
     * The output axis order: the settings' order, else the raw data's original axes plus a trailing {@code c}
     * (ilastik's {@code original_axistags}), else the image's own axes.
     */
    public static Axes outputAxes(Image image, ExportContext context, ExportSettings settings) {
        if (settings.axisOrder() != null) return settings.axisOrder();
        if (context.sourceAxes() != null) return context.sourceAxes().withChannel();
        return image.axes();
    }

    /**
     * {@code image} with its axes in {@code order}: axes the image lacks are added with extent 1, axes of extent 1
     * not in {@code order} are dropped (samples are not moved: Sylva's images store planes canonically, and the
     * writers lay samples out in the image's axis order).
     *
     * @throws FlagException naming {@code --output_axis_order} if {@code order} drops an axis of extent &gt; 1
     */
    public static Image reorder(Image image, Axes order) {
        checkKeeps(image, order, false);
        return image.axes().equals(order) ? image : image.withAxes(order);
    }

    private static void checkKeeps(Image image, Axes order, boolean isDefault) {
        Shape s = image.shape();
        for (char a : image.axes().letters().toCharArray()) {
            if (s.get(a) > 1 && !order.has(a)) {
                String shape = image.axes() + " " + Cutout.shapeText(image.axes(), s);
                throw new FlagException(ExportFlags.OUTPUT_AXIS_ORDER, isDefault
                        ? "the default output order '" + order + "' (the raw data's axes plus c) lacks axis '" + a
                          + "' of extent " + s.get(a) + " of the exported data (" + shape + "); give an order with"
                          + " every axis, e.g. --output_axis_order=" + image.axes()
                        : "'" + order + "' drops axis '" + a + "' of extent " + s.get(a) + " of the exported data ("
                          + shape + "); only axes of extent 1 may be left out");
            }
        }
    }

    // --- names -------------------------------------------------------------------------------------------------

    /** The placeholder values of a file name: dataset_dir, nickname, result_type, roi and the coordinates. */
    static Map<String, Object> placeholders(ExportContext context, Region region, Axes order) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("dataset_dir", context.datasetDir().toString());
        v.put("nickname", context.nickname());
        v.put("result_type", context.resultType());
        v.put("roi", region.toString());
        for (char a : region.axes().letters().toCharArray()) {
            v.put(a + "_start", region.start(a));
            v.put(a + "_stop", region.stop(a));
        }
        // axes the output adds: ilastik fills them from the output's own shape (0..1)
        for (char a : order.letters().toCharArray()) {
            v.putIfAbsent(a + "_start", 0L);
            v.putIfAbsent(a + "_stop", 1L);
        }
        return v;
    }

    /**
     * The output file(s): the template with its own extension stripped, placeholders filled, the format's extension
     * appended, {@code ~} expanded, resolved against {@code baseDir}. A sequence gets one name per slice,
     * {@code {slice_index}} zero-padded to the digits of (first index + slice count) as ilastik pads it, the first
     * index being the cutout's start along the slice axis; a template without {@code {slice_index}} gets
     * {@code _{slice_index}} appended (ilastik fails there).
     */
    static List<Path> targets(String template, ExportFormat format, Map<String, Object> values, Path baseDir,
                              Shape shape, char step, Region region) {
        String t = FilenameTemplate.stripExtension(FilenameTemplate.expandHome(template));
        List<Path> out = new ArrayList<>();
        if (!format.sequence()) {
            out.add(resolve(FilenameTemplate.fill(t, values, ExportFlags.OUTPUT_FILENAME_FORMAT) + "." + format.extension(),
                    baseDir));
            return out;
        }
        if (!SLICE_INDEX.matcher(t).find()) t = t + "_{slice_index}";
        long first = region.axes().has(step) ? region.start(step) : 0;
        int count = shape.get(step);
        int digits = Long.toString(first + count).length();
        t = t.replace("{slice_index}", "{slice_index:0" + digits + "}");
        Map<String, Object> v = new LinkedHashMap<>(values);
        Set<Path> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            v.put("slice_index", first + i);
            Path p = resolve(FilenameTemplate.fill(t, v, ExportFlags.OUTPUT_FILENAME_FORMAT) + "." + format.extension(),
                    baseDir);
            if (!seen.add(p)) {
                throw new FlagException(ExportFlags.OUTPUT_FILENAME_FORMAT, "'" + template + "' gives the same file "
                        + p + " to two slices; use {slice_index} in the name");
            }
            out.add(p);
        }
        return out;
    }

    private static Path resolve(String name, Path baseDir) {
        try {
            Path p = Path.of(FilenameTemplate.expandHome(name));
            return (p.isAbsolute() ? p : baseDir.resolve(p)).normalize();
        } catch (InvalidPathException e) {
            throw new FlagException(ExportFlags.OUTPUT_FILENAME_FORMAT, "'" + name + "' is not a valid file name ("
                    + e.getReason() + ")");
        }
    }

    // --- format checks and slicing -----------------------------------------------------------------------------

    private static char firstNonSingleton(Shape shape, Axes order) {
        for (char a : order.letters().toCharArray()) {
            if (shape.get(a) > 1) return a;
        }
        return order.get(0);
    }

    /** Throws naming {@code target} if {@code format} cannot hold data of this shape, order and type. */
    static void checkFits(Shape shape, Axes order, DType dtype, ExportFormat format, char step, Path target)
            throws ImageFileException {
        String big = nonSingleton(shape, order, (char) 0);
        String dims = describe(shape, order);
        int channels = shape.c();
        if (!format.sequence()) {
            int spatial = big.replace("c", "").length();
            if (spatial > format.maxDims()) {
                throw new ImageFileException(target, "'" + format + "' holds one 2-D image; the exported data is "
                        + spatial + "-D (" + dims + "): use '" + format.extension() + " sequence' (one file per slice),"
                        + " 'tif' or 'hdf5'");
            }
        } else {
            String rest = nonSingleton(shape, order, step);
            int spatial = rest.replace("c", "").length();
            if (big.length() < 2 || spatial < 2 || spatial > format.maxDims()) {
                String slices = spatial < 2 ? (spatial == 1 ? "1-D" : "single pixels")
                        : spatial + "-D";
                throw new ImageFileException(target, "'" + format + "' writes one file per slice along the first"
                        + " axis of extent > 1 (here '" + step + "' of " + dims + "), which leaves " + slices
                        + " slices; " + (format.isRaster() || format.maxDims() == 2
                        ? "it needs 3-D data (use '" + format.extension() + "' for 2-D data, 'multipage tiff sequence'"
                          + " or 'hdf5' for 4-D)"
                        : "it needs data of at least 3 axes of extent > 1 (use 'multipage tiff' or 'hdf5')"));
            }
            if (step == 'c') channels = 1;
        }
        if (format.kind() == ExportFormat.Kind.PNG || format.kind() == ExportFormat.Kind.JPEG) {
            boolean png = format.kind() == ExportFormat.Kind.PNG;
            if (dtype != DType.UINT8 && !(png && dtype == DType.UINT16)) {
                throw new ImageFileException(target, "'" + format + "' holds " + (png ? "uint8 or uint16" : "uint8")
                        + " samples, the exported data is " + dtype + ": convert it (e.g. --export_dtype=uint8"
                        + (dtype.isFloat() ? " --pipeline_result_drange=\"(0.0,1.0)\" --export_drange=\"(0,255)\"" : "")
                        + ") or export as 'tif' or 'hdf5'");
            }
            if (png ? channels > 4 : channels != 1 && channels != 3) {
                throw new ImageFileException(target, "'" + format + "' holds " + (png
                        ? "1 to 4 channels (grey, grey+alpha, RGB, RGBA)" : "1 (grey) or 3 (RGB) channels")
                        + ", the exported data has " + channels + " (" + dims + "): export as 'tif' or 'hdf5', or put c"
                        + " first in --output_axis_order with a sequence format to write one file per channel");
            }
        }
    }

    /** The axes of {@code order} with extent &gt; 1, leaving out {@code skip}. */
    private static String nonSingleton(Shape shape, Axes order, char skip) {
        StringBuilder sb = new StringBuilder();
        for (char a : order.letters().toCharArray()) {
            if (a != skip && shape.get(a) > 1) sb.append(a);
        }
        return sb.toString();
    }

    private static String describe(Shape shape, Axes order) {
        return order + " " + Cutout.shapeText(order, shape);
    }

    /** Slice {@code i} of {@code image} along {@code axis}: that axis removed from the axes. */
    static Image slice(Image image, char axis, int i) {
        Axes axes = image.axes();
        long[] start = new long[axes.size()];
        long[] stop = image.shape().in(axes);
        int k = axes.indexOf(axis);
        start[k] = i;
        stop[k] = i + 1;
        Image one = crop(image, new Region(axes, start, stop));
        return axes.size() == 1 ? one : one.withAxes(axes.without(axis));
    }

    /**
     * A 2-D image laid out as vigra (ilastik's 2-D writer) lays it out: of its two spatial axes of extent &gt; 1,
     * the one first in x, y, z, t order becomes the columns, the other the rows; channels stay channels. Images
     * whose spatial axes are y and x are returned as they are.
     */
    static Image as2d(Image image) {
        Shape s = image.shape();
        StringBuilder spatial = new StringBuilder();
        for (char a : VIGRA_ORDER.toCharArray()) {
            if (s.get(a) > 1) spatial.append(a);
        }
        if (spatial.length() > 2) throw new IllegalArgumentException("not a 2-D image: " + image);
        if (spatial.toString().replace("x", "").replace("y", "").isEmpty()) return image;
        char cols = spatial.charAt(0);
        String rows = spatial.length() > 1 ? String.valueOf(spatial.charAt(1)) : "";
        String channels = s.c() > 1 ? "c" : "";
        Axes from = Axes.of(rows + cols + channels);
        Axes to = Axes.of((rows.isEmpty() ? "" : "y") + "x" + channels);
        return Image.fromArray(image.dtype(), to, s.in(from), image.toArray(from))
                .withCalibration(image.calibration()).withDrange(image.drange()).withName(image.name());
    }

    /** Refuses to replace an existing HDF5 file holding datasets other than {@code dataset}. */
    private static void checkHdf5Target(Path file, String dataset) throws ImageFileException {
        if (!Files.exists(file)) return;
        List<String> others = new ArrayList<>();
        String target = dataset.replaceFirst("^/+", "");
        try (HdfFile hdf = new HdfFile(file)) {
            collect(hdf, others);
        } catch (HdfException | IllegalArgumentException e) {
            throw new ImageFileException(file, "exists and is not a readable HDF5 file; Sylva will not replace it"
                    + " (delete it or export to another name)", e);
        }
        others.remove(target);
        if (!others.isEmpty()) {
            throw new ImageFileException(file, "already holds dataset" + (others.size() == 1 ? " " : "s ")
                    + String.join(", ", others) + " besides '" + target + "'; Sylva writes a new file and would lose"
                    + " them (ilastik adds the dataset to the file): export to another file name");
        }
    }

    private static void collect(Group g, List<String> out) {
        for (Node n : g.getChildren().values()) {
            if (n instanceof Dataset ds) out.add(ds.getPath().replaceFirst("^/+", ""));
            else if (n instanceof Group sub && !n.isLink()) collect(sub, out);
        }
    }
}

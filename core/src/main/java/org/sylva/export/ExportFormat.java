package org.sylva.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An export file format by its ilastik name ({@code --output_format}, the project's {@code OutputFormat}), mapped to
 * Sylva's writers. Names and file extensions follow ilastik's {@code OpExportSlot}: a 2-D format's extension is its
 * name ({@code tif} → {@code .tif}, {@code tiff} → {@code .tiff}, {@code jpeg} → {@code .jpeg}), sequences use the
 * extension of their slice format, {@code multipage tiff} (and its sequence) write {@code .tiff}, HDF5 {@code .h5},
 * numpy {@code .npy}.
 *
 * <p>Differences from ilastik, all in the direction of accepting more: {@code tif}/{@code tiff} hold data of any
 * dimensionality (an ImageJ hyperstack, as {@code multipage tiff} does); {@code npy} is accepted for {@code numpy};
 * names are matched ignoring case and surrounding spaces. TIFF exports are written uncompressed, as ilastik's are.
 *
 * @param name the ilastik name, e.g. {@code compressed hdf5} or {@code png sequence}
 * @param kind which writer
 * @param extension file extension without the dot
 * @param sequence one file per slice along the first non-singleton axis (the name must contain {@code {slice_index}})
 * @param maxDims most non-channel axes of extent &gt; 1 a file (or each slice file) may have
 * @param compressed gzip level 1 for HDF5
 */
public record ExportFormat(String name, Kind kind, String extension, boolean sequence, int maxDims, boolean compressed) {

    /** The writer behind a format. */
    public enum Kind { HDF5, NUMPY, TIFF, PNG, JPEG }

    public static final ExportFormat HDF5 = new ExportFormat("hdf5", Kind.HDF5, "h5", false, 5, false);
    /** ilastik's default since 2024 (config key {@code output_format}): gzip level 1. */
    public static final ExportFormat COMPRESSED_HDF5 = new ExportFormat("compressed hdf5", Kind.HDF5, "h5", false, 5, true);
    public static final ExportFormat NUMPY = new ExportFormat("numpy", Kind.NUMPY, "npy", false, 5, false);
    public static final ExportFormat MULTIPAGE_TIFF = new ExportFormat("multipage tiff", Kind.TIFF, "tiff", false, 5, false);
    public static final ExportFormat MULTIPAGE_TIFF_SEQUENCE =
            new ExportFormat("multipage tiff sequence", Kind.TIFF, "tiff", true, 5, false);

    /** Every format Sylva writes, in the order they are listed to users. */
    public static final List<ExportFormat> ALL = all();

    /** ilastik formats Sylva does not write (yet); named in the error for them. */
    private static final Set<String> ILASTIK_ONLY = Set.of("n5", "compressed n5", "single-scale ome-zarr",
            "multi-scale ome-zarr", "dvid", "blockwise hdf5", "bmp", "gif", "hdr", "pbm", "pgm", "pnm", "ppm", "ras");

    /** The format's name. */
    @Override
    public String toString() { return name; }

    /** True for the single 2-D image formats and their sequences (PNG, JPEG). */
    public boolean isRaster() { return kind == Kind.PNG || kind == Kind.JPEG; }

    /**
     * The format named {@code name} (ilastik's names: {@code hdf5}, {@code compressed hdf5}, {@code numpy} or
     * {@code npy}, {@code tif}, {@code tiff}, {@code png}, {@code jpg}, {@code jpeg}, {@code multipage tiff},
     * {@code <tif|tiff|png|jpg|jpeg> sequence}, {@code multipage tiff sequence}), ignoring case.
     *
     * @throws FlagException naming {@code --output_format} and listing the known names
     */
    public static ExportFormat parse(String name) {
        if (name == null || name.isBlank()) throw new FlagException("--output_format", "no format given; " + known());
        String n = name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        if (n.equals("npy")) return NUMPY;
        for (ExportFormat f : ALL) {
            if (f.name.equals(n)) return f;
        }
        String base = n.endsWith(" sequence") ? n.substring(0, n.length() - " sequence".length()) : n;
        if (ILASTIK_ONLY.contains(n) || ILASTIK_ONLY.contains(base)) {
            throw new FlagException("--output_format", "ilastik's format '" + name.trim() + "' is not supported by"
                    + " Sylva; " + known());
        }
        throw new FlagException("--output_format", "unknown format '" + name.trim() + "'; " + known());
    }

    private static String known() {
        List<String> names = new ArrayList<>();
        for (ExportFormat f : ALL) names.add(f.name);
        return "Sylva writes: " + String.join(", ", names);
    }

    private static List<ExportFormat> all() {
        List<ExportFormat> l = new ArrayList<>(List.of(HDF5, COMPRESSED_HDF5, NUMPY));
        for (String ext : List.of("tif", "tiff", "png", "jpg", "jpeg")) {
            Kind k = ext.startsWith("t") ? Kind.TIFF : ext.equals("png") ? Kind.PNG : Kind.JPEG;
            l.add(new ExportFormat(ext, k, ext, false, k == Kind.TIFF ? 5 : 2, false));
        }
        l.add(MULTIPAGE_TIFF);
        for (String ext : List.of("tif", "tiff", "png", "jpg", "jpeg")) {
            Kind k = ext.startsWith("t") ? Kind.TIFF : ext.equals("png") ? Kind.PNG : Kind.JPEG;
            l.add(new ExportFormat(ext + " sequence", k, ext, true, 2, false));
        }
        l.add(MULTIPAGE_TIFF_SEQUENCE);
        return List.copyOf(l);
    }
}

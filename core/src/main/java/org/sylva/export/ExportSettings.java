package org.sylva.export;

import java.util.Objects;
import org.sylva.image.Axes;
import org.sylva.image.DType;

/**
 * How to export one result, with ilastik's export settings (the export applet's slots, the {@code --export_*} and
 * {@code --output_*} flags, the project's {@code Prediction Export} group; spec §3.2, §4.3, §6.5). Immutable; start
 * from {@link #DEFAULT} and change it with the {@code with…} copies.
 *
 * @param dtype the exported sample type, or null to keep the result's type ({@code --export_dtype})
 * @param inputRange the result's value range before renormalisation, or null ({@code --pipeline_result_drange})
 * @param exportRange the range it is mapped to, or null ({@code --export_drange}); renormalisation happens only
 *                    when both ranges are set, and an export range without an input range is an error, as in ilastik
 * @param axisOrder the exported axis order (letters from tzyxc; axes the result lacks become singletons), or null for
 *                  the raw data's original axis order plus a trailing {@code c} ({@code --output_axis_order})
 * @param cutout the subregion to export in the result's own axis order, or null for all of it
 *               ({@code --cutout_subregion})
 * @param format the file format ({@code --output_format}); default {@code compressed hdf5}, ilastik's default
 * @param filenameTemplate the output file name with placeholders ({@code --output_filename_format}); default
 *                         {@code {dataset_dir}/{nickname}_{result_type}}
 * @param internalPath the HDF5 dataset path ({@code --output_internal_path}); default {@code exported_data}
 */
public record ExportSettings(DType dtype, DataRange inputRange, DataRange exportRange, Axes axisOrder, Cutout cutout,
                             ExportFormat format, String filenameTemplate, String internalPath) {

    /** ilastik's default file name. */
    public static final String DEFAULT_FILENAME = "{dataset_dir}/{nickname}_{result_type}";
    /** ilastik's default HDF5 dataset. */
    public static final String DEFAULT_INTERNAL_PATH = "exported_data";

    /** ilastik's defaults: keep type and axes, everything, compressed HDF5, {@code {dataset_dir}/{nickname}_{result_type}.h5/exported_data}. */
    public static final ExportSettings DEFAULT = new ExportSettings(null, null, null, null, null,
            ExportFormat.COMPRESSED_HDF5, DEFAULT_FILENAME, DEFAULT_INTERNAL_PATH);

    public ExportSettings {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(filenameTemplate, "filenameTemplate");
        Objects.requireNonNull(internalPath, "internalPath");
        if (exportRange != null && inputRange == null) {
            throw new FlagException("--export_drange", "cannot renormalise to " + exportRange + " without the range"
                    + " of the result: give --pipeline_result_drange too, e.g. --pipeline_result_drange=\"(0.0,1.0)\"");
        }
        if (filenameTemplate.isBlank()) throw new FlagException("--output_filename_format", "the file name is empty");
        if (format.kind() == ExportFormat.Kind.HDF5 && internalPath.replace("/", "").isBlank()) {
            throw new FlagException("--output_internal_path", "the dataset path is empty");
        }
    }

    /** True if values are renormalised: both the input range and the export range are set. */
    public boolean renormalises() {
        return inputRange != null && exportRange != null;
    }

    public ExportSettings withDtype(DType t) {
        return new ExportSettings(t, inputRange, exportRange, axisOrder, cutout, format, filenameTemplate, internalPath);
    }

    /** Both ranges at once (either may be null; an export range needs an input range). */
    public ExportSettings withRanges(DataRange input, DataRange export) {
        return new ExportSettings(dtype, input, export, axisOrder, cutout, format, filenameTemplate, internalPath);
    }

    public ExportSettings withInputRange(DataRange r) {
        return new ExportSettings(dtype, r, exportRange, axisOrder, cutout, format, filenameTemplate, internalPath);
    }

    /** A copy with another export range; set the input range first (or use {@link #withRanges}). */
    public ExportSettings withExportRange(DataRange r) {
        return new ExportSettings(dtype, inputRange, r, axisOrder, cutout, format, filenameTemplate, internalPath);
    }

    public ExportSettings withAxisOrder(Axes a) {
        return new ExportSettings(dtype, inputRange, exportRange, a, cutout, format, filenameTemplate, internalPath);
    }

    public ExportSettings withCutout(Cutout c) {
        return new ExportSettings(dtype, inputRange, exportRange, axisOrder, c, format, filenameTemplate, internalPath);
    }

    public ExportSettings withFormat(ExportFormat f) {
        return new ExportSettings(dtype, inputRange, exportRange, axisOrder, cutout, f, filenameTemplate, internalPath);
    }

    public ExportSettings withFilenameTemplate(String t) {
        return new ExportSettings(dtype, inputRange, exportRange, axisOrder, cutout, format, t, internalPath);
    }

    public ExportSettings withInternalPath(String p) {
        return new ExportSettings(dtype, inputRange, exportRange, axisOrder, cutout, format, filenameTemplate, p);
    }
}

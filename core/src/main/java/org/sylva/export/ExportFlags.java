package org.sylva.export;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sylva.image.Axes;
import org.sylva.image.DType;

/**
 * Parsers for ilastik's export flags (spec §4.3), each failing with a {@link FlagException} that names the flag.
 * The command line and the web app read their values through here, so both accept exactly what ilastik accepts (and
 * a little more where noted).
 */
public final class ExportFlags {

    public static final String EXPORT_DTYPE = "--export_dtype";
    public static final String PIPELINE_RESULT_DRANGE = "--pipeline_result_drange";
    public static final String EXPORT_DRANGE = "--export_drange";
    public static final String OUTPUT_AXIS_ORDER = "--output_axis_order";
    public static final String CUTOUT_SUBREGION = Cutout.FLAG;
    public static final String OUTPUT_FORMAT = "--output_format";
    public static final String OUTPUT_FILENAME_FORMAT = "--output_filename_format";
    public static final String OUTPUT_INTERNAL_PATH = "--output_internal_path";

    /** Every flag {@link #apply} understands. */
    public static final List<String> ALL = List.of(EXPORT_DTYPE, PIPELINE_RESULT_DRANGE, EXPORT_DRANGE,
            OUTPUT_AXIS_ORDER, CUTOUT_SUBREGION, OUTPUT_FORMAT, OUTPUT_FILENAME_FORMAT, OUTPUT_INTERNAL_PATH);

    private ExportFlags() {}

    /**
     * {@code --export_dtype}: a numpy type name, {@code uint8 uint16 uint32 int8 int16 int32 float32 float64} as in
     * ilastik, plus {@code uint64 int64}; case-insensitive.
     */
    public static DType dtype(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (DType d : DType.values()) {
            if (d.numpyName().equals(v)) return d;
        }
        throw new FlagException(EXPORT_DTYPE, "unknown type '" + (value == null ? "" : value.trim()) + "' (expected"
                + " one of uint8, uint16, uint32, uint64, int8, int16, int32, int64, float32, float64)");
    }

    /** {@code --pipeline_result_drange} or {@code --export_drange}: a Python pair such as {@code (0.0,1.0)}. */
    public static DataRange range(String flag, String value) {
        return DataRange.parse(value, flag);
    }

    /**
     * {@code --output_axis_order}: letters from {@code txyzc}, each once, e.g. {@code tzyxc}; case-insensitive as in
     * ilastik.
     */
    public static Axes axisOrder(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) throw new FlagException(OUTPUT_AXIS_ORDER, "no axes given (e.g. tzyxc)");
        try {
            return Axes.of(v);
        } catch (IllegalArgumentException e) {
            throw new FlagException(OUTPUT_AXIS_ORDER, e.getMessage());
        }
    }

    /** {@code --cutout_subregion}: {@code [(start, ...), (stop, ...)]}, see {@link Cutout#parse}. */
    public static Cutout cutout(String value) {
        return Cutout.parse(value);
    }

    /** {@code --output_format}: see {@link ExportFormat#parse}. */
    public static ExportFormat format(String value) {
        return ExportFormat.parse(value);
    }

    /**
     * {@code settings} with the flags given in {@code flags} (flag → value; absent or null = not given) applied, as
     * ilastik's headless export applies them: renormalisation needs both ranges (an export range alone is an
     * error; an input range alone is ignored), {@code ~} at the start of the file name is expanded.
     *
     * @throws FlagException for the first bad value, naming its flag, or for a flag this class does not know
     */
    public static ExportSettings apply(ExportSettings settings, Map<String, String> flags) {
        for (String k : flags.keySet()) {
            if (!ALL.contains(k)) throw new FlagException(k, "not an export flag (known: " + String.join(", ", ALL) + ")");
        }
        ExportSettings s = settings;
        String v;
        if ((v = flags.get(EXPORT_DTYPE)) != null) s = s.withDtype(dtype(v));
        DataRange in = (v = flags.get(PIPELINE_RESULT_DRANGE)) != null ? range(PIPELINE_RESULT_DRANGE, v) : null;
        DataRange out = (v = flags.get(EXPORT_DRANGE)) != null ? range(EXPORT_DRANGE, v) : null;
        if (in != null || out != null) {
            s = s.withRanges(in != null ? in : s.inputRange(), out != null ? out : s.exportRange());
        }
        if ((v = flags.get(OUTPUT_AXIS_ORDER)) != null) s = s.withAxisOrder(axisOrder(v));
        if ((v = flags.get(CUTOUT_SUBREGION)) != null) s = s.withCutout(cutout(v));
        if ((v = flags.get(OUTPUT_FORMAT)) != null) s = s.withFormat(format(v));
        if ((v = flags.get(OUTPUT_FILENAME_FORMAT)) != null) s = s.withFilenameTemplate(FilenameTemplate.expandHome(v));
        if ((v = flags.get(OUTPUT_INTERNAL_PATH)) != null) s = s.withInternalPath(v);
        return s;
    }
}

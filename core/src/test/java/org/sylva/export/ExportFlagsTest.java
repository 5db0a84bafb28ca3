package org.sylva.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sylva.image.Axes;
import org.sylva.image.DType;

class ExportFlagsTest {

    @Test
    void everyIlastikDtypeNameParsesAndBadOnesNameTheFlag() {
        for (String n : List.of("uint8", "uint16", "uint32", "int8", "int16", "int32", "float32", "float64",
                "uint64", "int64", " UInt8 ")) {
            assertEquals(n.trim().toLowerCase(), ExportFlags.dtype(n).numpyName());
        }
        for (String bad : List.of("float", "double", "uint12", "", "np.uint8")) {
            FlagException e = assertThrows(FlagException.class, () -> ExportFlags.dtype(bad));
            assertEquals("--export_dtype", e.flag());
            assertTrue(e.getMessage().startsWith("--export_dtype: unknown type '" + bad.trim() + "'"), e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(0.0,1.0)        | 0.0 | 1.0 | false",
            "(0, 255)         | 0   | 255 | true",
            "[0,255]          | 0   | 255 | true",
            "0, 1             | 0   | 1   | true",
            "( -1.5 , 2.5e2 ) | -1.5 | 250.0 | false",
            "(1_000, 2_000)   | 1000 | 2000 | true",
            "(.5, 1.)         | 0.5 | 1.0 | false",
            "(0x10, -0b11)    | 16  | -3  | true",
            "((0), 1)         | 0   | 1   | true",
            "(0, 1,)          | 0   | 1   | true",
    })
    void drangeTuplesParseAsPythonLiterals(String text, String min, String max, boolean integer) {
        DataRange r = ExportFlags.range("--export_drange", text);
        assertEquals(Double.parseDouble(min), r.minValue());
        assertEquals(Double.parseDouble(max), r.maxValue());
        assertEquals(integer, r.isInteger(), "integer literals stay integers");
        assertEquals(integer, r.min() instanceof Long);
    }

    @Test
    void mixedLiteralsKeepTheirKinds() {
        DataRange r = ExportFlags.range("--pipeline_result_drange", "(0, 1.0)");
        assertTrue(r.minIsInteger());
        assertFalse(r.isInteger());
        assertEquals("(0, 1.0)", r.toString());
        assertEquals("(0.0, 1e-05)", DataRange.of(0.0, 1e-5).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"(0,)", "(1,2,3)", "abc", "(inf, 1)", "", "  ", "(0, None)", "(0 1)", "(0, 1", "0.0.1, 2",
            "(1e999, 2)", "(0, 99999999999999999999)", "{0, 1}"})
    void badDrangesNameTheFlag(String text) {
        FlagException e = assertThrows(FlagException.class, () -> ExportFlags.range("--pipeline_result_drange", text));
        assertEquals("--pipeline_result_drange", e.flag());
        assertTrue(e.getMessage().startsWith("--pipeline_result_drange: "), e.getMessage());
    }

    @Test
    void axisOrdersAreLettersFromTxyzcEachOnce() {
        assertEquals(Axes.of("tzyxc"), ExportFlags.axisOrder("TZYXC"));
        assertEquals(Axes.of("xy"), ExportFlags.axisOrder(" xy "));
        for (String bad : List.of("zyxq", "yxx", "", "y x")) {
            FlagException e = assertThrows(FlagException.class, () -> ExportFlags.axisOrder(bad));
            assertEquals("--output_axis_order", e.flag(), bad);
        }
        assertEquals("--output_axis_order: axes 'yxx': axis 'x' appears twice",
                assertThrows(FlagException.class, () -> ExportFlags.axisOrder("yxx")).getMessage());
    }

    @Test
    void cutoutsTakeIntegersAndNone() {
        Cutout c = ExportFlags.cutout("[(0, 10, None), (100, None, 2)]");
        assertEquals(Arrays.asList(0L, 10L, null), c.start());
        assertEquals(Arrays.asList(100L, null, 2L), c.stop());
        assertEquals("[(0, 10, None), (100, None, 2)]", c.toString());
        Cutout single = ExportFlags.cutout("((5,), (7,))");
        assertEquals(List.of(5L), single.start());
        assertEquals("[(5,), (7,)]", single.toString());
        assertEquals(c, ExportFlags.cutout("(0, 10, None), [100, None, 2]"), "a bare tuple, as Python's eval reads it");
        assertEquals(c, Cutout.fromStored(new long[] {0, 10, -1}, new long[] {100, -1, 2}), "-1 is None in projects");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[(0,0),(10,10,1)]      | start and stop must have the same number of entries, got 2 and 3",
            "[(0,0)]                | expected [(start, ...), (stop, ...)]",
            "[(0,0),(1,1),(2,2)]    | expected [(start, ...), (stop, ...)]",
            "[(0,0.5),(1,1)]        | 0.5 is not an integer",
            "[(0,0),(1,x)]          | 'x' is not a number",
            "[(),()]                | give one start and one stop per axis",
            "(0, 1)                 | expected [(start, ...), (stop, ...)]",
    })
    void badCutoutsNameTheFlag(String text, String problem) {
        FlagException e = assertThrows(FlagException.class, () -> ExportFlags.cutout(text));
        assertEquals("--cutout_subregion", e.flag());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void everyFormatNameMapsToAWriterAndItsExtension() {
        Map<String, String> extension = new HashMap<>();
        extension.put("hdf5", "h5");
        extension.put("compressed hdf5", "h5");
        extension.put("numpy", "npy");
        extension.put("npy", "npy");
        extension.put("tif", "tif");
        extension.put("tiff", "tiff");
        extension.put("png", "png");
        extension.put("jpg", "jpg");
        extension.put("jpeg", "jpeg");
        extension.put("multipage tiff", "tiff");
        extension.put("tif sequence", "tif");
        extension.put("tiff sequence", "tiff");
        extension.put("png sequence", "png");
        extension.put("jpg sequence", "jpg");
        extension.put("jpeg sequence", "jpeg");
        extension.put("multipage tiff sequence", "tiff");
        for (var e : extension.entrySet()) {
            ExportFormat f = ExportFlags.format(e.getKey());
            assertEquals(e.getValue(), f.extension(), e.getKey());
            assertEquals(e.getKey().endsWith("sequence"), f.sequence(), e.getKey());
        }
        assertEquals(15, ExportFormat.ALL.size(), "every name but the npy alias is listed");
        assertTrue(ExportFlags.format("compressed hdf5").compressed());
        assertFalse(ExportFlags.format("hdf5").compressed());
        assertEquals(ExportFormat.Kind.TIFF, ExportFlags.format("Multipage  TIFF").kind());
        assertEquals(ExportFormat.Kind.JPEG, ExportFlags.format("jpeg sequence").kind());
    }

    @Test
    void unsupportedAndUnknownFormatsListWhatSylvaWrites() {
        FlagException e = assertThrows(FlagException.class, () -> ExportFlags.format("compressed n5"));
        assertTrue(e.getMessage().startsWith("--output_format: ilastik's format 'compressed n5' is not supported by"
                + " Sylva; Sylva writes: hdf5, compressed hdf5, numpy, tif, tiff, png, jpg, jpeg, multipage tiff,"), e.getMessage());
        e = assertThrows(FlagException.class, () -> ExportFlags.format("bmp sequence"));
        assertTrue(e.getMessage().contains("ilastik's format 'bmp sequence' is not supported"), e.getMessage());
        e = assertThrows(FlagException.class, () -> ExportFlags.format("h5"));
        assertTrue(e.getMessage().startsWith("--output_format: unknown format 'h5'; Sylva writes: hdf5"), e.getMessage());
    }

    @Test
    void applyingFlagsFollowsIlastiksRules() {
        Map<String, String> flags = new HashMap<>();
        flags.put("--export_dtype", "uint8");
        flags.put("--pipeline_result_drange", "(0.0,1.0)");
        flags.put("--export_drange", "(0,255)");
        flags.put("--output_axis_order", "tzyxc");
        flags.put("--cutout_subregion", "[(0,0,None),(10,20,None)]");
        flags.put("--output_format", "png sequence");
        flags.put("--output_filename_format", "~/out/{nickname}_{slice_index}");
        flags.put("--output_internal_path", "volume/data");
        ExportSettings s = ExportFlags.apply(ExportSettings.DEFAULT, flags);
        assertEquals(DType.UINT8, s.dtype());
        assertEquals(DataRange.of(0.0, 1.0), s.inputRange());
        assertEquals(DataRange.of(0, 255), s.exportRange());
        assertTrue(s.renormalises());
        assertEquals(Axes.of("tzyxc"), s.axisOrder());
        assertEquals(Arrays.asList(10L, 20L, null), s.cutout().stop());
        assertEquals("png sequence", s.format().name());
        assertEquals(System.getProperty("user.home") + "/out/{nickname}_{slice_index}", s.filenameTemplate());
        assertEquals("volume/data", s.internalPath());

        ExportSettings d = ExportFlags.apply(ExportSettings.DEFAULT, Map.of());
        assertEquals(ExportSettings.DEFAULT, d);
        assertEquals("compressed hdf5", d.format().name());
        assertEquals("{dataset_dir}/{nickname}_{result_type}", d.filenameTemplate());
        assertEquals("exported_data", d.internalPath());
        assertNull(d.dtype());
    }

    @Test
    void anExportRangeWithoutAnInputRangeIsAnErrorAndTheReverseIsIgnored() {
        FlagException e = assertThrows(FlagException.class,
                () -> ExportFlags.apply(ExportSettings.DEFAULT, Map.of("--export_drange", "(0,255)")));
        assertEquals("--export_drange", e.flag());
        assertTrue(e.getMessage().contains("give --pipeline_result_drange too"), e.getMessage());
        ExportSettings s = ExportFlags.apply(ExportSettings.DEFAULT, Map.of("--pipeline_result_drange", "(0,1)"));
        assertFalse(s.renormalises());
        FlagException unknown = assertThrows(FlagException.class,
                () -> ExportFlags.apply(ExportSettings.DEFAULT, Map.of("--export_source", "Probabilities")));
        assertEquals("--export_source", unknown.flag());
    }

    @Test
    void emptyNamesAreRefused() {
        assertEquals("--output_filename_format", assertThrows(FlagException.class,
                () -> ExportSettings.DEFAULT.withFilenameTemplate(" ")).flag());
        assertEquals("--output_internal_path", assertThrows(FlagException.class,
                () -> ExportSettings.DEFAULT.withInternalPath("/")).flag());
    }
}

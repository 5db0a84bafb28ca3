package org.sylva.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFileException;

/** Output file names: ilastik's default template, extensions per format, placeholders, sequences. */
class ExportNamingTest {

    private static final ExportContext CONTEXT = new ExportContext(Path.of("/data/set"), "cells", "Simple Segmentation",
            null, Path.of("/work/cwd"));

    private static PreparedExport prepare(Image im, ExportSettings s) throws ImageFileException {
        return Exporter.prepare(im, CONTEXT, s);
    }

    private static Image volume(int z) {
        return Image.create(DType.UINT8, Axes.of("zyx"), z, 4, 5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hdf5                    | /data/set/cells_Simple Segmentation.h5",
            "compressed hdf5         | /data/set/cells_Simple Segmentation.h5",
            "numpy                   | /data/set/cells_Simple Segmentation.npy",
            "npy                     | /data/set/cells_Simple Segmentation.npy",
            "tif                     | /data/set/cells_Simple Segmentation.tif",
            "tiff                    | /data/set/cells_Simple Segmentation.tiff",
            "multipage tiff          | /data/set/cells_Simple Segmentation.tiff",
            "png                     | /data/set/cells_Simple Segmentation.png",
            "jpg                     | /data/set/cells_Simple Segmentation.jpg",
            "jpeg                    | /data/set/cells_Simple Segmentation.jpeg",
    })
    void theDefaultTemplateGetsTheFormatsExtension(String format, String path) throws ImageFileException {
        Image im = Image.create(DType.UINT8, Axes.of("yx"), 4, 5);
        PreparedExport p = prepare(im, ExportSettings.DEFAULT.withFormat(ExportFormat.parse(format)));
        assertEquals(List.of(Path.of(path)), p.files());
        assertEquals(format.contains("hdf5") ? "exported_data" : "", p.internalPath());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/out/result.tif                           | hdf5  | /out/result.h5",
            "/out/result.h5                            | png   | /out/result.png",
            "results/{nickname}                        | hdf5  | /work/cwd/results/cells.h5",
            "../{nickname}_{result_type}               | npy   | /work/cells_Simple Segmentation.npy",
            "{dataset_dir}/../{nickname}               | tif   | /data/cells.tif",
            "/out/{nickname}_sigma1.6                  | hdf5  | /out/cells_sigma1.h5",
            "/out/{nickname}.{result_type}             | hdf5  | /out/cells.Simple Segmentation.h5",
            "/out/{nickname}_{unknown}_{t_start}       | hdf5  | /out/cells_{unknown}_{t_start}.h5",
    })
    void templatesResolveLikeIlastik(String template, String format, String path) throws ImageFileException {
        Image im = Image.create(DType.UINT8, Axes.of("yx"), 4, 5);
        PreparedExport p = prepare(im, ExportSettings.DEFAULT.withFormat(ExportFormat.parse(format))
                .withFilenameTemplate(template));
        assertEquals(Path.of(path), p.file());
    }

    @Test
    void aDotInTheNicknameIsKept() throws ImageFileException {
        // ilastik cuts "img_1.5um_Probabilities" at the dot (its issues #2707, #2887); Sylva keeps the name
        ExportContext ctx = new ExportContext(Path.of("/d"), "img_1.5um", "Probabilities", null, Path.of("/"));
        PreparedExport p = Exporter.prepare(Image.create(DType.UINT8, Axes.of("yx"), 2, 2), ctx, ExportSettings.DEFAULT);
        assertEquals(Path.of("/d/img_1.5um_Probabilities.h5"), p.file());
    }

    @Test
    void homeIsExpanded() throws ImageFileException {
        PreparedExport p = prepare(volume(2), ExportSettings.DEFAULT.withFilenameTemplate("~/{nickname}"));
        assertEquals(Path.of(System.getProperty("user.home"), "cells.h5"), p.file());
    }

    @Test
    void coordinatePlaceholdersUseTheCutoutInSourceAxesAndAddedAxesSpanZeroToOne() throws ImageFileException {
        ExportSettings s = ExportSettings.DEFAULT.withCutout(Cutout.parse("[(1,0,2),(3,None,5)]"))
                .withAxisOrder(Axes.of("tzyxc"))
                .withFilenameTemplate("/o/{nickname}_z{z_start}-{z_stop}_x{x_start:03}-{x_stop}_t{t_start}-{t_stop}"
                        + "_c{c_start}-{c_stop}_{roi}")
                .withInternalPath("{result_type}/z{z_start}");
        PreparedExport p = prepare(volume(4), s);
        assertEquals(Path.of("/o/cells_z1-3_x002-5_t0-1_c0-1_[(1, 0, 2), (3, 4, 5)].h5"), p.file());
        assertEquals("Simple Segmentation/z1", p.internalPath());
    }

    @Test
    void sequencesNumberSlicesZeroPaddedAsIlastikDoes() throws ImageFileException {
        ExportSettings png = ExportSettings.DEFAULT.withFormat(ExportFormat.parse("png sequence"))
                .withFilenameTemplate("/o/{nickname}_{slice_index}");
        // ilastik pads to the digits of (first index + count): 10 slices give 00..09, 9 slices 0..8
        assertEquals(names("cells_", ".png", 2, 0, 10), fileNames(prepare(volume(10), png)));
        assertEquals(names("cells_", ".png", 1, 0, 9), fileNames(prepare(volume(9), png)));
        // a cutout numbers the slices in the source's coordinates: z 5..14 of 20
        PreparedExport cut = prepare(volume(20), png.withCutout(Cutout.parse("[(5,None,None),(15,None,None)]")));
        assertEquals(names("cells_", ".png", 2, 5, 15), fileNames(cut));
        assertEquals('z', cut.sliceAxis());
        // a spec of the user's own is kept, a template without {slice_index} gets one
        assertEquals(names("cells_", ".tif", 4, 0, 3), fileNames(prepare(volume(3),
                png.withFormat(ExportFormat.parse("tif sequence")).withFilenameTemplate("/o/{nickname}_{slice_index:04}"))));
        assertEquals(names("cells_Simple Segmentation_", ".jpg", 1, 0, 3), fileNames(prepare(volume(3),
                ExportSettings.DEFAULT.withFormat(ExportFormat.parse("jpg sequence")))));
        assertEquals(Path.of("/data/set"), prepare(volume(3),
                ExportSettings.DEFAULT.withFormat(ExportFormat.parse("jpg sequence"))).file().getParent());
    }

    @Test
    void aSequenceStepsAlongTheFirstAxisOfExtentAboveOneInTheOutputOrder() throws ImageFileException {
        Image im = Image.create(DType.UINT8, Axes.of("yxc"), 4, 5, 3);
        PreparedExport p = prepare(im, ExportSettings.DEFAULT.withFormat(ExportFormat.parse("png sequence"))
                .withAxisOrder(Axes.of("tcyx")).withFilenameTemplate("/o/ch{slice_index}"));
        assertEquals('c', p.sliceAxis());
        assertEquals(List.of("ch0.png", "ch1.png", "ch2.png"), fileNames(p));
        PreparedExport m = prepare(Image.create(DType.UINT16, Axes.of("tzyx"), 3, 2, 4, 5),
                ExportSettings.DEFAULT.withFormat(ExportFormat.MULTIPAGE_TIFF_SEQUENCE).withFilenameTemplate("/o/t"));
        assertEquals('t', m.sliceAxis());
        assertEquals(List.of("t_0.tiff", "t_1.tiff", "t_2.tiff"), fileNames(m));
    }

    @Test
    void aTemplateGivingTwoSlicesOneNameIsRefused() {
        FlagException e = assertThrows(FlagException.class, () -> prepare(volume(3), ExportSettings.DEFAULT
                .withFormat(ExportFormat.parse("png sequence")).withFilenameTemplate("/o/{{slice_index}}")));
        assertEquals("--output_filename_format: '/o/{{slice_index}}' gives the same file /o/{slice_index:01}.png to two"
                + " slices; use {slice_index} in the name", e.getMessage());
    }

    private static List<String> fileNames(PreparedExport p) {
        return p.files().stream().map(f -> f.getFileName().toString()).collect(Collectors.toList());
    }

    private static List<String> names(String prefix, String ext, int digits, int from, int to) {
        List<String> r = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) r.add(prefix + String.format("%0" + digits + "d", i) + ext);
        return r;
    }
}

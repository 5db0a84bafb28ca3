package org.sylva.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFileException;

/** The pipeline steps in memory: cutout, conversion, axis order (files: {@link ExporterFilesTest}). */
class ExporterPipelineTest {

    private static final ExportContext CONTEXT =
            new ExportContext(Path.of("/data/set"), "cells", "Probabilities", null, Path.of("/work"));

    /** A zyx uint16 image whose sample at (z, y, x) is 100z + 10y + x. */
    private static Image coded() {
        Image im = Image.create(DType.UINT16, Axes.of("zyx"), 5, 6, 7);
        for (int z = 0; z < 5; z++) {
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 7; x++) im.set(0, z, y, x, 0, 100 * z + 10 * y + x);
            }
        }
        return im.withDrange(new double[] {0, 466}).withName("coded");
    }

    private static PreparedExport prepare(Image im, ExportSettings s) throws ImageFileException {
        return Exporter.prepare(im, CONTEXT, s.withFilenameTemplate("/out/{nickname}"));
    }

    @Test
    void aCutoutInsideTheImageSelectsThatBoxInTheSourcesAxisOrder() throws ImageFileException {
        PreparedExport p = prepare(coded(), ExportSettings.DEFAULT.withCutout(Cutout.parse("[(1,2,3),(4,5,6)]")));
        Image out = p.image();
        assertEquals(3, out.shape().z());
        assertEquals(3, out.shape().y());
        assertEquals(3, out.shape().x());
        for (int z = 0; z < 3; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    assertEquals(100 * (z + 1) + 10 * (y + 2) + x + 3, out.get(0, z, y, x, 0));
                }
            }
        }
        assertEquals("[(1, 2, 3), (4, 5, 6)]", p.region().toString());
        assertTrue(p.warnings().isEmpty());
        assertArrayEquals(new double[] {0, 466}, out.drange(), "the drange is kept");
        assertEquals("coded", out.name());
    }

    @Test
    void noneAndZeroStopsMeanTheFullRangeAndOutsideRangesAreClippedWithAWarning() throws ImageFileException {
        PreparedExport p = prepare(coded(), ExportSettings.DEFAULT.withCutout(Cutout.parse("[(None, -3, 4),(0, 100, None)]")));
        assertEquals("[(0, 0, 4), (5, 6, 7)]", p.region().toString());
        assertEquals(1, p.warnings().size());
        assertEquals("the cutout [(None, -3, 4), (0, 100, None)] exceeds the image (zyx (5, 6, 7)); clipped to"
                + " [(0, 0, 4), (5, 6, 7)]", p.warnings().get(0));
        assertEquals(3, p.image().shape().x());
        assertEquals(4 + 10 * 5 + 400, p.image().get(0, 4, 5, 0, 0));
    }

    @Test
    void aChannelCutoutKeepsOnlyThoseChannels() throws ImageFileException {
        Image im = Image.create(DType.FLOAT32, Axes.of("yxc"), 4, 3, 5);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 3; x++) {
                for (int c = 0; c < 5; c++) im.set(0, 0, y, x, c, y * 100 + x * 10 + c);
            }
        }
        Image out = prepare(im, ExportSettings.DEFAULT.withCutout(Cutout.parse("[(1,None,2),(3,None,4)]"))).image();
        assertEquals(2, out.shape().y());
        assertEquals(2, out.shape().c());
        assertEquals(100 + 20 + 3, out.get(0, 0, 0, 2, 1));
        assertEquals(200 + 0 + 2, out.get(0, 0, 1, 0, 0));
    }

    @Test
    void aCutoutOfTheWrongLengthIsRefusedInsteadOfIgnored() {
        // ilastik's help text suggests 5-D tczyx tuples; ilastik then silently drops the region (spec §8.3)
        FlagException e = assertThrows(FlagException.class, () -> prepare(coded(),
                ExportSettings.DEFAULT.withCutout(Cutout.parse("[(0,0,0,0,0),(1,5,6,7,1)]"))));
        assertEquals("--cutout_subregion: has 5 entries per tuple but the export source has 3 axes (zyx, shape"
                + " (5, 6, 7)); give one start and one stop per axis in that order, None for the full range", e.getMessage());
    }

    @Test
    void emptyAndNegativeRangesAreRefused() {
        FlagException e = assertThrows(FlagException.class, () -> prepare(coded(),
                ExportSettings.DEFAULT.withCutout(Cutout.parse("[(3,0,0),(2,None,None)]"))));
        assertEquals("--cutout_subregion: the range 3..2 along axis z is empty", e.getMessage());
        e = assertThrows(FlagException.class, () -> prepare(coded(),
                ExportSettings.DEFAULT.withCutout(Cutout.parse("[(0,0,9),(5,6,12)]"))));
        assertEquals("--cutout_subregion: the range 9..12 along axis x lies outside the image (extent 7)", e.getMessage());
        e = assertThrows(FlagException.class, () -> prepare(coded(),
                ExportSettings.DEFAULT.withCutout(Cutout.parse("[(0,0,0),(5,-1,7)]"))));
        assertTrue(e.getMessage().startsWith("--cutout_subregion: stop -1 for axis y is negative"), e.getMessage());
    }

    @Test
    void theDefaultAxisOrderIsTheRawDataOrderPlusC() throws ImageFileException {
        Image im = coded();
        ExportContext raw = new ExportContext(Path.of("/d"), "n", "r", Axes.of("xyz"), Path.of("/"));
        PreparedExport p = Exporter.prepare(im, raw, ExportSettings.DEFAULT.withFilenameTemplate("/o/x"));
        assertEquals(Axes.of("xyzc"), p.image().axes());
        // the samples are unchanged; only the order they are laid out in differs
        short[] flat = (short[]) p.image().toArray(p.image().axes());
        assertEquals(100 * 4 + 10 * 0 + 1, flat[1 * 6 * 5 + 0 * 5 + 4], "x=1, y=0, z=4");
        // without raw axes: the source's own order
        assertEquals(Axes.of("zyx"), prepare(im, ExportSettings.DEFAULT).image().axes());
    }

    @Test
    void missingAxesBecomeSingletonsAndSingletonsMayBeDropped() throws ImageFileException {
        Image out = prepare(coded(), ExportSettings.DEFAULT.withAxisOrder(Axes.of("tczyx"))).image();
        assertEquals(Axes.of("tczyx"), out.axes());
        assertEquals(1, out.shape().t());
        assertEquals(1, out.shape().c());
        Image yxc = Image.create(DType.UINT8, Axes.of("zyxc"), 1, 4, 3, 1);
        assertEquals(Axes.of("yx"), prepare(yxc, ExportSettings.DEFAULT.withAxisOrder(Axes.of("yx"))).image().axes());
    }

    @Test
    void droppingAnAxisOfExtentAboveOneIsRefused() {
        FlagException e = assertThrows(FlagException.class,
                () -> prepare(coded(), ExportSettings.DEFAULT.withAxisOrder(Axes.of("yxc"))));
        assertEquals("--output_axis_order: 'yxc' drops axis 'z' of extent 5 of the exported data (zyx (5, 6, 7));"
                + " only axes of extent 1 may be left out", e.getMessage());
        ExportContext raw2d = new ExportContext(Path.of("/d"), "n", "r", Axes.of("yx"), Path.of("/"));
        e = assertThrows(FlagException.class, () -> Exporter.prepare(coded(), raw2d, ExportSettings.DEFAULT));
        assertEquals("--output_axis_order: the default output order 'yxc' (the raw data's axes plus c) lacks axis 'z'"
                + " of extent 5 of the exported data (zyx (5, 6, 7)); give an order with every axis, e.g."
                + " --output_axis_order=zyx", e.getMessage());
    }

    @Test
    void renormalisationAndConversionRunAfterTheCutout() throws ImageFileException {
        ExportSettings s = ExportSettings.DEFAULT.withDtype(DType.UINT8)
                .withRanges(DataRange.of(0, 466), DataRange.of(0, 255))
                .withCutout(Cutout.parse("[(4,5,5),(5,6,7)]"));
        PreparedExport p = prepare(coded(), s);
        assertEquals(DType.UINT8, p.image().dtype());
        // 455 and 456 of 0..466 → 0..255: 455·float32(255/466) = 248.98… → 249, 456 → 249.53… → 250
        assertEquals(249, p.image().get(0, 0, 0, 0, 0));
        assertEquals(250, p.image().get(0, 0, 0, 1, 0));
        assertArrayEquals(new double[] {0, 255}, p.image().drange());
    }

    @Test
    void probabilitiesToUint8TruncateWithoutRenormalisationAndRoundWithIt() throws ImageFileException {
        Image prob = Image.create(DType.FLOAT32, Axes.of("yxc"), 1, 8, 1).withDrange(new double[] {0.0, 1.0});
        float[] v = {0f, 0.5f, 1f, 0.25f, 0.75f, 0.998f, 0.999999f, 0.3f};
        System.arraycopy(v, 0, (float[]) prob.plane(0, 0), 0, v.length);
        Image truncated = prepare(prob, ExportSettings.DEFAULT.withDtype(DType.UINT8)).image();
        assertArrayEquals(new byte[] {0, 0, 1, 0, 0, 0, 0, 0}, (byte[]) truncated.plane(0, 0));
        assertArrayEquals(new double[] {0, 1}, truncated.drange(), "the drange is cast too");
        Image scaled = prepare(prob, ExportSettings.DEFAULT.withDtype(DType.UINT8)
                .withRanges(DataRange.of(0.0, 1.0), DataRange.of(0, 255))).image();
        // 127.5 → 128 (half to even), 63.75 → 64, 191.25 → 191, 254.49 → 254, 0.3f·255 = 76.5f exactly → 76
        assertArrayEquals(new byte[] {0, (byte) 128, (byte) 255, 64, (byte) 191, (byte) 254, (byte) 255, 76},
                (byte[]) scaled.plane(0, 0));
        assertArrayEquals(new double[] {0, 255}, scaled.drange());
    }

    @Test
    void roundingTiesGoToEvenAndNegativeFloatsWrapIntoUnsignedTypes() {
        // 1, 3, 5 of (0, 10) → (0, 5): 0.5, 1.5, 2.5 → rint → 0, 2, 2; a float input below zero wraps unsigned
        Image im = Image.create(DType.UINT8, Axes.of("x"), 3);
        byte[] a = (byte[]) im.plane(0, 0);
        a[0] = 1;
        a[1] = 3;
        a[2] = 5;
        Image r = Conversion.renormalise(DataRange.of(0, 10), DataRange.of(0, 5), null).apply(im);
        assertArrayEquals(new byte[] {0, 2, 2}, (byte[]) r.plane(0, 0));
        Image f = Image.create(DType.FLOAT32, Axes.of("x"), 3);
        float[] fa = (float[]) f.plane(0, 0);
        fa[0] = -0.5f;
        fa[1] = -1.5f;
        fa[2] = 300.7f;
        assertArrayEquals(new byte[] {0, (byte) 255, 44}, (byte[]) Conversion.cast(DType.UINT8).apply(f).plane(0, 0));
    }

    @Test
    void anUnchangedImageIsNotCopied() throws ImageFileException {
        Image im = coded();
        assertSame(im, Conversion.of(ExportSettings.DEFAULT).apply(im));
        assertNull(Conversion.cast(DType.UINT8).drange(DType.FLOAT32, null));
        assertEquals(im.plane(0, 0), prepare(im, ExportSettings.DEFAULT).image().plane(0, 0));
        List<String> warnings = new ArrayList<>(
                prepare(im, ExportSettings.DEFAULT.withInputRange(DataRange.of(0, 1))).warnings());
        assertEquals(List.of("--pipeline_result_drange (0, 1) is ignored without --export_drange (ilastik"
                + " renormalises only when both are given)"), warnings);
    }
}

package org.sylva.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/**
 * Real datasets exported in every format and read back by independent readers (h5py, numpy, tifffile, vigra, PIL),
 * compared with the original file as those readers see it, with ilastik's formula applied in numpy where the export
 * converts values.
 */
class ExporterFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads one exported file with the reader its format calls for: array, axes, and HDF5 attributes. */
    private static final String READ = String.join("\n",
            "import json, numpy, h5py, tifffile, vigra",
            "from PIL import Image as PILImage",
            "def read(f, internal='exported_data'):",
            "    info = {}",
            "    if f.endswith('.h5'):",
            "        with h5py.File(f, 'r') as h:",
            "            d = h[internal]",
            "            a = d[()]",
            "            info['axes'] = ''.join(x['key'] for x in json.loads(d.attrs['axistags'])['axes'])",
            "            info['drange'] = numpy.asarray(d.attrs['drange']).tolist() if 'drange' in d.attrs else None",
            "            info['compression'] = d.compression",
            "            info['level'] = d.compression_opts",
            "            info['datasets'] = sorted(h.keys())",
            "    elif f.endswith('.npy'):",
            "        a = numpy.load(f)",
            "    elif f.endswith('.tif') or f.endswith('.tiff'):",
            "        with tifffile.TiffFile(f) as t:",
            "            s = t.series[0]",
            "            a = s.asarray()",
            "            info['axes'] = s.axes.lower()",
            "            info['imagej'] = t.is_imagej",
            "    elif f.endswith('.png'):",
            "        v = vigra.impex.readImage(f, dtype='NATIVE')",
            "        a = numpy.asarray(v.transposeToNumpyOrder())",
            "        if a.shape[-1] == 1: a = a[..., 0]",
            "        p = numpy.asarray(PILImage.open(f))",
            "        info['pil_agrees'] = bool(numpy.array_equal(p, a))",
            "    else:",
            "        a = numpy.asarray(PILImage.open(f))",
            "    info['shape'] = list(a.shape)",
            "    info['dtype'] = str(a.dtype)",
            "    return a, info",
            "def normalize(a, minVal, maxVal, outputMinVal, outputMaxVal, export_dtype):",
            "    # ilastik's OpFormattedDataExport.normalize, with the rint of ilastik PR #3040",
            "    numerator = numpy.float64(outputMaxVal) - numpy.float64(outputMinVal)",
            "    denominator = numpy.float64(maxVal) - numpy.float64(minVal)",
            "    frac = numpy.float32(numerator / denominator) if denominator != 0.0 else numpy.float32(0.0)",
            "    result = outputMinVal + (a - minVal) * frac",
            "    if numpy.issubdtype(export_dtype, numpy.integer):",
            "        result = numpy.rint(result)",
            "    return numpy.asarray(result, export_dtype)",
            "");

    private static JsonNode python(String body, Object... args) throws IOException {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) a[i] = String.valueOf(args[i]);
        return JSON.readTree(Python.run(READ + body, a));
    }

    private static String json(Object o) throws IOException {
        return JSON.writeValueAsString(o);
    }

    private static List<String> strings(List<Path> files) {
        return files.stream().map(Path::toString).collect(Collectors.toList());
    }

    @Test
    void everyVolumeFormatHoldsARealNucleiStackExactly(@TempDir Path dir) throws IOException {
        Path src = Shared.path("data/neubias_nuclei_3d/xyz_8bit__nuclei_autothresh.tif");
        Image img = ImageFiles.read(src.toString());
        assertEquals(Axes.of("zyx"), img.axes());
        ExportContext ctx = ExportContext.forInput(List.of(src.toString()), img.axes(), "Probabilities", dir);
        assertEquals("xyz_8bit__nuclei_autothresh", ctx.nickname());
        assertEquals(src.getParent().toAbsolutePath(), ctx.datasetDir());
        List<String> files = new ArrayList<>();
        for (String f : List.of("hdf5", "compressed hdf5", "numpy", "tif", "tiff", "multipage tiff")) {
            ExportSettings s = ExportSettings.DEFAULT.withFormat(ExportFormat.parse(f))
                    .withFilenameTemplate(dir + "/{nickname}_" + f.replace(' ', '-') + ".anything");
            List<Path> written = Exporter.export(img, ctx, s);
            assertEquals(1, written.size());
            String ext = ExportFormat.parse(f).extension();
            assertEquals(dir.resolve("xyz_8bit__nuclei_autothresh_" + f.replace(' ', '-') + "." + ext), written.get(0));
            files.add(written.get(0).toString());
        }
        JsonNode r = python(String.join("\n",
                "import sys",
                "orig = tifffile.imread(sys.argv[1])",
                "out = {}",
                "for f in json.loads(sys.argv[2]):",
                "    a, info = read(f)",
                "    info['equal'] = bool(numpy.array_equal(a.reshape(orig.shape), orig))",
                "    out[f] = info",
                "print(json.dumps(out))"), src, json(files));
        for (String f : files) {
            JsonNode e = r.get(f);
            assertTrue(e.get("equal").asBoolean(), f + " holds the original samples");
            assertEquals("uint8", e.get("dtype").asText(), f);
        }
        // the default output order is the raw file's (zyx) plus c
        JsonNode h5 = r.get(files.get(0));
        assertEquals("zyxc", h5.get("axes").asText());
        assertEquals(List.of(37, 118, 132, 1), ints(h5.get("shape")));
        assertTrue(h5.get("compression").isNull(), "hdf5 is uncompressed");
        assertTrue(h5.get("drange").isNull(), "no drange without one");
        JsonNode gz = r.get(files.get(1));
        assertEquals("gzip", gz.get("compression").asText());
        assertEquals(1, gz.get("level").asInt());
        assertEquals(List.of(37, 118, 132, 1), ints(r.get(files.get(2)).get("shape")), "npy in zyxc order");
        for (int i = 3; i < 6; i++) {
            assertEquals("zyx", r.get(files.get(i)).get("axes").asText(), files.get(i));
            assertTrue(r.get(files.get(i)).get("imagej").asBoolean(), "an ImageJ hyperstack");
        }
    }

    @Test
    void aRenormalisedReorderedExportIsIlastiksFormulaOnTheOriginal(@TempDir Path dir) throws IOException {
        Path src = Shared.path("data/neubias_nuclei_3d/xyz_8bit__nuclei_autothresh.tif");
        Image img = ImageFiles.read(src.toString());
        ExportContext ctx = ExportContext.forInput(List.of(src.toString()), img.axes(), "Probabilities", dir);
        // integer minimum 10 on uint8 pixels: numpy subtracts in uint8, so pixels below 10 wrap — as ilastik does
        ExportSettings s = ExportFlags.apply(ExportSettings.DEFAULT, java.util.Map.of(
                "--export_dtype", "int16",
                "--pipeline_result_drange", "(10, 200)",
                "--export_drange", "(0, 1000)",
                "--output_axis_order", "xyzc",
                "--cutout_subregion", "[(3, 10, None), (30, None, 120)]",
                "--output_filename_format", dir + "/{nickname}_z{z_start}-{z_stop}"));
        List<String> files = new ArrayList<>();
        for (String f : List.of("hdf5", "numpy", "tiff")) {
            files.addAll(strings(Exporter.export(img, ctx, s.withFormat(ExportFormat.parse(f)))));
        }
        assertEquals(dir.resolve("xyz_8bit__nuclei_autothresh_z3-30.h5").toString(), files.get(0));
        JsonNode r = python(String.join("\n",
                "import sys",
                "orig = tifffile.imread(sys.argv[1])[3:30, 10:, :120]",
                "expected = normalize(orig, 10, 200, 0, 1000, numpy.int16)",
                "drange = normalize(numpy.array((10, 200)), 10, 200, 0, 1000, numpy.int16).tolist()",
                "xyzc = expected.transpose(2, 1, 0)[..., None]",
                "out = {'drange': drange, 'wrapped': int((orig < 10).sum())}",
                "for f in json.loads(sys.argv[2]):",
                "    a, info = read(f)",
                "    info['equal'] = bool(numpy.array_equal(a, xyzc) if f.endswith(('.h5', '.npy')) else numpy.array_equal(a.reshape(expected.shape), expected))",
                "    out[f] = info",
                "print(json.dumps(out))"), src, json(files));
        assertTrue(r.get("wrapped").asInt() > 0, "the cutout holds pixels below InputMin");
        for (String f : files) {
            assertTrue(r.get(f).get("equal").asBoolean(), f);
            assertEquals("int16", r.get(f).get("dtype").asText(), f);
        }
        JsonNode h5 = r.get(files.get(0));
        assertEquals("xyzc", h5.get("axes").asText());
        assertEquals(List.of(120, 108, 27, 1), ints(h5.get("shape")));
        assertEquals(r.get("drange"), h5.get("drange"), "the drange is the transformed input range");
        assertEquals(List.of(0, 1000), ints(h5.get("drange")));
        assertEquals("zcyx", r.get(files.get(2)).get("axes").asText(), "TIFF stores the axes xyzc in ImageJ's order");
    }

    @Test
    void ilastikProbabilitiesBecomeUint8InHdf5PngAndAPngPerChannel(@TempDir Path dir) throws IOException {
        Path raw = Shared.path("fixtures/ilastik/pixel/Data_1channel.png");
        Path res = Shared.path("fixtures/ilastik/pixel/res-Data_1channel_pc1xyc.npy");
        Image prob = ImageFiles.read(res.toString()).withDrange(new double[] {0.0, 1.0});
        assertEquals(Axes.of("yxc"), prob.axes());
        Image rawImage = ImageFiles.read(raw.toString());
        ExportContext ctx = ExportContext.forInput(List.of(raw.toString()), rawImage.axes(), "Probabilities", dir);
        // the command ilastik's documentation recommends
        ExportSettings s = ExportFlags.apply(ExportSettings.DEFAULT, java.util.Map.of(
                "--export_dtype", "uint8",
                "--pipeline_result_drange", "(0.0,1.0)",
                "--export_drange", "(0,255)",
                "--output_filename_format", dir + "/{nickname}_{result_type}"));
        Path h5 = Exporter.export(prob, ctx, s).get(0);
        assertEquals(dir.resolve("Data_1channel_Probabilities.h5"), h5);
        List<Path> png = Exporter.export(prob, ctx, s.withFormat(ExportFormat.parse("png"))
                .withCutout(Cutout.parse("[(None,None,1),(None,None,2)]"))
                .withFilenameTemplate(dir + "/{nickname}_c{c_start}"));
        assertEquals(List.of(dir.resolve("Data_1channel_c1.png")), png);
        List<Path> perChannel = Exporter.export(prob, ctx, s.withFormat(ExportFormat.parse("png sequence"))
                .withAxisOrder(Axes.of("cyx")).withFilenameTemplate(dir + "/{nickname}_class{slice_index}"));
        assertEquals(List.of(dir.resolve("Data_1channel_class0.png"), dir.resolve("Data_1channel_class1.png")), perChannel);
        JsonNode r = python(String.join("\n",
                "import sys",
                "p = numpy.load(sys.argv[1])",
                "e = normalize(p, 0.0, 1.0, 0, 255, numpy.uint8)",
                "a, h = read(sys.argv[2])",
                "b, pinfo = read(sys.argv[3])",
                "c0, _ = read(sys.argv[4])",
                "c1, _ = read(sys.argv[5])",
                "print(json.dumps({'h5': bool(numpy.array_equal(a, e)), 'h5info': h,",
                "    'png': bool(numpy.array_equal(b, e[:, :, 1])), 'pnginfo': pinfo,",
                "    'ch0': bool(numpy.array_equal(c0, e[:, :, 0])), 'ch1': bool(numpy.array_equal(c1, e[:, :, 1])),",
                "    'truncated_would_differ': bool((numpy.asarray(p * numpy.float32(255), numpy.uint8) != e).any())}))"),
                res, h5, png.get(0), perChannel.get(0), perChannel.get(1));
        assertTrue(r.get("h5").asBoolean());
        assertEquals("yxc", r.get("h5info").get("axes").asText());
        assertEquals(List.of(0, 255), ints(r.get("h5info").get("drange")));
        assertEquals("gzip", r.get("h5info").get("compression").asText(), "compressed hdf5 is the default");
        assertTrue(r.get("png").asBoolean());
        assertTrue(r.get("pnginfo").get("pil_agrees").asBoolean());
        assertEquals("uint8", r.get("pnginfo").get("dtype").asText());
        assertTrue(r.get("ch0").asBoolean());
        assertTrue(r.get("ch1").asBoolean());
        assertTrue(r.get("truncated_would_differ").asBoolean(), "the data exercises the rounding");
    }

    @Test
    void aMovieBecomesOneFilePerTimePoint(@TempDir Path dir) throws IOException {
        Path src = Shared.path("data/neubias_mitocheck_h2b_movie/mitocheck_h2b_TYX.tif");
        Image img = ImageFiles.read(src.toString());
        assertEquals(Axes.of("tyx"), img.axes());
        ExportContext ctx = ExportContext.forInput(List.of(src.toString()), img.axes(), "Probabilities", dir);
        List<String> all = new ArrayList<>();
        for (String f : List.of("multipage tiff sequence", "tif sequence", "png sequence", "jpeg sequence")) {
            Files.createDirectory(dir.resolve(f.replace(' ', '_')));
            List<Path> files = Exporter.export(img, ctx, ExportSettings.DEFAULT.withFormat(ExportFormat.parse(f))
                    .withFilenameTemplate(dir + "/" + f.replace(' ', '_') + "/{nickname}_t{slice_index}"));
            assertEquals(30, files.size(), f);
            String ext = ExportFormat.parse(f).extension();
            assertEquals("mitocheck_h2b_TYX_t00." + ext, files.get(0).getFileName().toString());
            assertEquals("mitocheck_h2b_TYX_t29." + ext, files.get(29).getFileName().toString());
            try (Stream<Path> listed = Files.list(files.get(0).getParent())) {
                assertEquals(30, listed.count(), "nothing else in the folder: " + f);
            }
            all.addAll(strings(files));
        }
        JsonNode r = python(String.join("\n",
                "import sys",
                "orig = tifffile.imread(sys.argv[1])",
                "files = json.loads(sys.argv[2])",
                "out = {'exact': [], 'jpeg_error': 0.0}",
                "for i, f in enumerate(files):",
                "    a, info = read(f)",
                "    t = i % 30",
                "    if f.endswith('.jpeg'):",
                "        out['jpeg_error'] = max(out['jpeg_error'], float(numpy.abs(a.astype(float) - orig[t]).mean()))",
                "    else:",
                "        out['exact'].append(bool(numpy.array_equal(a.reshape(orig[t].shape), orig[t])))",
                "print(json.dumps(out))"), src, json(all));
        assertEquals(90, r.get("exact").size());
        r.get("exact").forEach(b -> assertTrue(b.asBoolean()));
        assertTrue(r.get("jpeg_error").asDouble() < 2.0, "JPEG (quality 0.95) is close: " + r.get("jpeg_error"));
    }

    @Test
    void aTwoChannelVolumeKeepsItsAxesInHdf5AndSplitsIntoMultipageTiffs(@TempDir Path dir) throws IOException {
        Path src = Shared.path("data/neubias_nuclei_3d/xyzc_16bit__dna_conf_wf.tif");
        Image img = ImageFiles.read(src.toString());
        assertEquals(Axes.of("zcyx"), img.axes());
        ExportContext ctx = ExportContext.forInput(List.of(src.toString()), img.axes(), "Features", dir);
        ExportSettings s = ExportSettings.DEFAULT.withFilenameTemplate(dir + "/{nickname}_{result_type}");
        Path h5 = Exporter.export(img, ctx, s.withFormat(ExportFormat.HDF5)).get(0);
        List<Path> tiffs = Exporter.export(img, ctx, s.withFormat(ExportFormat.MULTIPAGE_TIFF_SEQUENCE));
        assertEquals(45, tiffs.size());
        assertEquals("xyzc_16bit__dna_conf_wf_Features_00.tiff", tiffs.get(0).getFileName().toString());
        JsonNode r = python(String.join("\n",
                "import sys",
                "orig = tifffile.imread(sys.argv[1])",
                "a, h = read(sys.argv[2])",
                "ok = [bool(numpy.array_equal(read(f)[0], orig[z])) for z, f in enumerate(json.loads(sys.argv[3]))]",
                "print(json.dumps({'h5': bool(numpy.array_equal(a, orig)), 'axes': h['axes'],",
                "    'slices': ok, 'slice_axes': read(json.loads(sys.argv[3])[0])[1]['axes']}))"),
                src, h5, json(strings(tiffs)));
        assertTrue(r.get("h5").asBoolean());
        assertEquals("zcyx", r.get("axes").asText(), "the raw file's own order (it has a channel axis)");
        r.get("slices").forEach(b -> assertTrue(b.asBoolean()));
        assertEquals("cyx", r.get("slice_axes").asText());
    }

    @Test
    void aLarge2dImageRoundTripsThroughEvery2dFormat(@TempDir Path dir) throws IOException {
        Path src = Shared.path("data/ilastik_2d_cells_apoptotic/2d_cells_apoptotic_1channel.tif");
        Image img = ImageFiles.read(src.toString());
        ExportContext ctx = ExportContext.forInput(List.of(src.toString()), img.axes(), "Labels", dir);
        List<String> files = new ArrayList<>();
        for (String f : List.of("png", "tif", "jpg")) {
            files.addAll(strings(Exporter.export(img, ctx, ExportSettings.DEFAULT.withFormat(ExportFormat.parse(f))
                    .withFilenameTemplate(dir + "/{nickname}_{result_type}"))));
        }
        assertEquals(dir.resolve("2d_cells_apoptotic_1channel_Labels.png").toString(), files.get(0));
        JsonNode r = python(String.join("\n",
                "import sys",
                "orig = tifffile.imread(sys.argv[1])",
                "f = json.loads(sys.argv[2])",
                "a, pi = read(f[0]); b, ti = read(f[1]); c, ji = read(f[2])",
                "print(json.dumps({'png': bool(numpy.array_equal(a, orig)), 'pil': pi['pil_agrees'],",
                "    'tif': bool(numpy.array_equal(b.reshape(orig.shape), orig)), 'jpg_shape': ji['shape'],",
                "    'jpg_error': float(numpy.abs(c.astype(float) - orig).mean())}))"), src, json(files));
        assertTrue(r.get("png").asBoolean());
        assertTrue(r.get("pil").asBoolean());
        assertTrue(r.get("tif").asBoolean());
        assertEquals(List.of(1024, 1344), ints(r.get("jpg_shape")));
        assertTrue(r.get("jpg_error").asDouble() < 2.0, "jpeg error " + r.get("jpg_error"));
    }

    @Test
    void anXzImageIsWrittenAsVigraLaysItOut(@TempDir Path dir) throws IOException {
        // a y-singleton volume slice: x becomes the image width, z its height (vigra's x, y, z order)
        Image xz = Image.create(DType.UINT8, Axes.of("zyx"), 3, 1, 4);
        for (int z = 0; z < 3; z++) {
            for (int x = 0; x < 4; x++) xz.set(0, z, 0, x, 0, 10 * z + x);
        }
        ExportContext ctx = new ExportContext(dir, "xz", "Probabilities", null, dir);
        Path png = Exporter.export(xz, ctx, ExportSettings.DEFAULT.withFormat(ExportFormat.parse("png"))).get(0);
        JsonNode r = python(String.join("\n",
                "import sys",
                "a, info = read(sys.argv[1])",
                "print(json.dumps({'values': a.tolist()}))"), png);
        assertEquals("[[0,1,2,3],[10,11,12,13],[20,21,22,23]]", r.get("values").toString());
    }

    private static List<Integer> ints(JsonNode n) {
        List<Integer> r = new ArrayList<>();
        n.forEach(v -> r.add(v.asInt()));
        return r;
    }
}

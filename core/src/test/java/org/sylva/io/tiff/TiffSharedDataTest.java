package org.sylva.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sylva.io.tiff.TiffTestSupport.assertCalibration;
import static org.sylva.io.tiff.TiffTestSupport.crc32;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.Image;
import org.sylva.io.DataPath;
import org.sylva.io.TiffFormat;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/**
 * Real microscopy TIFFs in {@code ../shared/data} (ImageJ hyperstacks CYX/ZCYX/TYX, Photoshop and ImageJ
 * big-endian files, Deflate-compressed label images, palette images, float64 masks) read exactly as tifffile reads
 * them: shape, axes, dtype, every sample (checksum) and calibration.
 */
class TiffSharedDataTest {

    /** tifffile's view of each file; calibration from the tags and ImageJ metadata as tifffile parses them. */
    private static final String TIFFFILE = String.join("\n",
            "import sys, json, zlib, numpy as np, tifffile",
            "out = {}",
            "for f in sys.argv[1:]:",
            "    with tifffile.TiffFile(f) as t:",
            "        s = t.series[0]; a = s.asarray(); p = t.pages[0]",
            "        le = np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<'))",
            "        ij = t.imagej_metadata or {}",
            "        unit = ij.get('unit')",
            "        unit = None if unit in ('pixel', 'pixels') else unit",
            "        x = y = None",
            "        if 'XResolution' in p.tags:",
            "            xn, xd = p.tags['XResolution'].value",
            "            yn, yd = p.tags['YResolution'].value if 'YResolution' in p.tags else (xn, xd)",
            "            ru = int(p.tags['ResolutionUnit'].value) if 'ResolutionUnit' in p.tags else 2",
            "            if unit is None and ru == 1 and xn == xd and yn == yd:",
            "                pass",
            "            else:",
            "                x, y = xd / xn, yd / yn",
            "                if unit is None: unit = {2: 'inch', 3: 'cm'}.get(ru, '')",
            "        if x is None: unit = None",
            "        tt = ij.get('finterval')",
            "        out[f] = dict(axes=s.axes.lower().replace('s', 'c').replace('i', 'z').replace('q', 'z'),",
            "                      shape=list(a.shape), dtype=str(a.dtype),",
            "                      crc='%08x' % (zlib.crc32(le.tobytes()) & 0xffffffff),",
            "                      cal=dict(x=x, y=y, z=ij.get('spacing'), t=tt, unit=unit or '',",
            "                               tunit=ij.get('tunit', 'sec') if tt else ''))",
            "print(json.dumps(out))");

    @TestFactory
    Stream<DynamicTest> realFilesReadAsTifffileReadsThem() throws IOException {
        Path data = Shared.path("data");
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(p -> p.toString().endsWith(".tif")).sorted().toList();
        }
        assertTrue(files.size() >= 20, "expected the shared TIFFs, found " + files.size());
        // The ones the issue names must be among them.
        for (String must : new String[] {"neubias_multichannel_cells/xyc_16bit__cell_dna_mts_actin.tif",
            "neubias_nuclei_3d/xyzc_16bit__dna_conf_wf.tif", "neubias_mitocheck_h2b_movie/mitocheck_h2b_TYX.tif",
            "dsb2018_nuclei_stardist/img2d.tif", "bian_bbbc007_sparse_annotations/crops/scribbles_float64/A9_p5d_cropped_1.tif"}) {
            assertTrue(files.contains(data.resolve(must)), must);
        }
        JsonNode all = new ObjectMapper().readTree(Python.run(TIFFFILE,
                files.stream().map(Path::toString).toArray(String[]::new)));
        return files.stream().map(f -> DynamicTest.dynamicTest(data.relativize(f).toString(), () -> {
            JsonNode r = all.get(f.toString());
            Image image = read(f);
            Axes axes = Axes.of(r.get("axes").asText());
            assertEquals(axes, image.axes(), "axes");
            long[] shape = new long[r.get("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = r.get("shape").get(i).asLong();
            assertArrayEquals(shape, image.shape().in(axes), "shape");
            assertEquals(r.get("dtype").asText(), image.dtype().numpyName(), "dtype");
            assertEquals(r.get("crc").asText(), crc32(image, axes), "checksum of all samples");
            JsonNode c = r.get("cal");
            assertCalibration(new Calibration(num(c.get("x")), num(c.get("y")), num(c.get("z")), num(c.get("t")),
                    c.get("unit").asText(), c.get("tunit").asText()), image.calibration());
        }));
    }

    private static Image read(Path f) {
        try {
            return new TiffFormat().read(new DataPath(f, ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double num(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }
}

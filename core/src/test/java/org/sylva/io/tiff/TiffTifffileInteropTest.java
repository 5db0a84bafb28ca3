package org.sylva.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sylva.io.tiff.TiffTestSupport.crc32;
import static org.sylva.io.tiff.TiffTestSupport.ramp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.DataPath;
import org.sylva.io.TiffFormat;
import org.sylva.io.WriteOptions;
import org.sylva.testing.Python;

/**
 * Files Sylva writes read correctly in Python's tifffile (what napari, scikit-image and ilastik use): series axes,
 * shape, dtype, every sample (checksum), ImageJ metadata, compression, BigTIFF. One Python run checks all files.
 */
class TiffTifffileInteropTest {

    @TempDir
    Path dir;

    private static final String READ_ALL = String.join("\n",
            "import sys, json, zlib, numpy as np, tifffile",
            "out = {}",
            "for f in sys.argv[1:]:",
            "    with tifffile.TiffFile(f) as t:",
            "        s = t.series[0]; a = s.asarray(); p = t.pages[0]",
            "        le = np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<'))",
            "        ij = {k: v for k, v in (t.imagej_metadata or {}).items()",
            "              if k in ('images', 'channels', 'slices', 'frames', 'hyperstack', 'unit', 'spacing', 'finterval')}",
            "        out[f] = dict(axes=s.axes, shape=list(a.shape), dtype=str(a.dtype),",
            "                      crc='%08x' % (zlib.crc32(le.tobytes()) & 0xffffffff), imagej=t.is_imagej,",
            "                      bigtiff=t.is_bigtiff, ij=ij, compression=int(p.compression), predictor=int(p.predictor),",
            "                      strips=len(p.dataoffsets), pages=len(t.pages),",
            "                      xres=[float(v) for v in p.tags['XResolution'].value] if 'XResolution' in p.tags else None,",
            "                      shaped=t.shaped_metadata[0] if t.shaped_metadata else None)",
            "print(json.dumps(out))");

    private record Case(Image image, Path file, Axes expectedAxes, boolean compress, boolean bigTiff) {
    }

    @Test
    void filesWeWriteReadCorrectlyInTifffile() throws IOException {
        Calibration cal = new Calibration(0.25, 0.25, 1.5, 2.0, "micron", "sec");
        List<Case> cases = new ArrayList<>();
        int k = 0;
        for (DType d : DType.values()) {
            for (boolean compress : new boolean[] {true, false}) {
                Image img = ramp(d, "tzcyx", 2, 3, 2, 26, 33).withCalibration(cal);
                cases.add(write(img, "case" + k++ + ".tif", null, compress, false, Axes.of("tzcyx")));
            }
            Image zyx = ramp(d, "zyx", 3, 300, 250).withCalibration(cal); // several strips per page
            cases.add(write(zyx, "case" + k++ + ".tif", null, true, false, Axes.of("zyx")));
        }
        // BigTIFF, forced on small data, for an ImageJ type and a plain type.
        cases.add(write(ramp(DType.UINT16, "tzcyx", 2, 2, 3, 20, 24).withCalibration(cal), "big16.tif", null, true, true,
                Axes.of("tzcyx")));
        cases.add(write(ramp(DType.FLOAT64, "zcyx", 2, 3, 20, 24), "big64.tif", null, false, true, Axes.of("zcyx")));
        // Requested order with singleton axes: kept in the shape description of plain types.
        cases.add(write(ramp(DType.INT16, "zyx", 4, 10, 12), "order.tif", Axes.of("tzcyx"), true, false,
                Axes.of("tzcyx")));

        List<String> args = new ArrayList<>();
        for (Case c : cases) args.add(c.file().toString());
        JsonNode all = new ObjectMapper().readTree(Python.run(READ_ALL, args.toArray(new String[0])));

        for (Case c : cases) {
            JsonNode r = all.get(c.file().toString());
            String what = c.file().getFileName() + " (" + c.image().dtype() + ", compress=" + c.compress() + ")";
            Image img = c.image();
            boolean imagej = TiffWriter.isImageJType(img.dtype());
            assertEquals(c.expectedAxes().letters().toUpperCase(Locale.ROOT), r.get("axes").asText(), what + " axes");
            List<Long> shape = new ArrayList<>();
            r.get("shape").forEach(n -> shape.add(n.asLong()));
            List<Long> expectedShape = new ArrayList<>();
            for (long e : img.shape().in(c.expectedAxes())) expectedShape.add(e);
            assertEquals(expectedShape, shape, what + " shape");
            assertEquals(img.dtype().numpyName(), r.get("dtype").asText(), what + " dtype");
            assertEquals(crc32(img, c.expectedAxes()), r.get("crc").asText(), what + " samples");
            assertEquals(imagej, r.get("imagej").asBoolean(), what + " imagej");
            assertEquals(c.bigTiff(), r.get("bigtiff").asBoolean(), what + " bigtiff");
            assertEquals(c.compress() ? 8 : 1, r.get("compression").asInt(), what + " compression");
            assertEquals(c.compress() && img.dtype().isInteger() ? 2 : 1, r.get("predictor").asInt(), what + " predictor");
            int rowBytes = img.shape().x() * img.dtype().bytes();
            int rowsPerStrip = Math.max(1, Math.min(img.shape().y(), TiffWriter.STRIP_BYTES / rowBytes));
            assertEquals((img.shape().y() + rowsPerStrip - 1) / rowsPerStrip, r.get("strips").asInt(), what + " strips");
            Calibration cal0 = img.calibration();
            if (cal0.isKnown()) {
                JsonNode xres = r.get("xres");
                assertEquals(0.25, xres.get(1).asDouble() / xres.get(0).asDouble(), 1e-12, what + " XResolution");
            }
            if (imagej) {
                JsonNode ij = r.get("ij");
                assertEquals(img.shape().c() * img.shape().z() * img.shape().t(), ij.path("images").asInt(1), what);
                assertEquals(img.shape().c(), ij.path("channels").asInt(1), what + " channels");
                assertEquals(img.shape().z(), ij.path("slices").asInt(1), what + " slices");
                assertEquals(img.shape().t(), ij.path("frames").asInt(1), what + " frames");
                if (cal0.isKnown()) {
                    assertEquals("micron", ij.get("unit").asText(), what + " unit");
                    if (img.shape().z() > 1) assertEquals(1.5, ij.get("spacing").asDouble(), 1e-12, what + " spacing");
                    if (img.shape().t() > 1) assertEquals(2.0, ij.get("finterval").asDouble(), 1e-12, what);
                }
            } else {
                JsonNode shaped = r.get("shaped");
                assertFalse(shaped.isNull(), what + " has a tifffile shape description");
                assertEquals(c.expectedAxes().letters().toUpperCase(Locale.ROOT), shaped.get("axes").asText());
                if (cal0.isKnown()) assertEquals("micron", shaped.get("unit").asText(), what + " unit");
            }
        }
        assertTrue(cases.size() >= 30);
    }

    private Case write(Image image, String name, Axes order, boolean compress, boolean bigTiff, Axes expected)
            throws IOException {
        Path file = dir.resolve(name);
        if (bigTiff) {
            TiffWriter.write(image, file, order, compress, true, true);
        } else {
            new TiffFormat().write(image, new DataPath(file, ""), new WriteOptions(order, compress));
        }
        // ImageJ hyperstacks declare only the axes of extent > 1 (tifffile's ImageJ series squeezes).
        Axes axes = expected;
        if (TiffWriter.isImageJType(image.dtype())) {
            StringBuilder sb = new StringBuilder();
            for (char a : expected.letters().toCharArray()) {
                if (image.shape().get(a) > 1 || a == 'y' || a == 'x') sb.append(a);
            }
            axes = Axes.of(sb.toString());
        }
        return new Case(image, file, axes, compress, bigTiff);
    }

}

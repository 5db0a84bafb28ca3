package org.sylva.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;

class AxisTagsTest {

    @Test
    void jsonIsByteIdenticalToVigras() {
        record Case(String axes, Calibration cal) {}
        List<Case> cases = List.of(
                new Case("yx", Calibration.NONE),
                new Case("yxc", new Calibration(0.1, 0.1, Double.NaN, Double.NaN, "", "")),
                new Case("zyxc", new Calibration(0.123456789, 1e-7, 0.3, Double.NaN, "", "")),
                new Case("tzyxc", new Calibration(2.0 / 3, 123456.789, 1e20, 0.65, "", "")),
                new Case("cxy", new Calibration(5, 0.5, Double.NaN, Double.NaN, "", "")));
        StringBuilder py = new StringBuilder("import vigra, json\nout = []\n");
        for (Case c : cases) {
            py.append("t = vigra.defaultAxistags('").append(c.axes).append("')\n");
            for (char a : "xyzt".toCharArray()) {
                if (c.axes.indexOf(a) >= 0 && !Double.isNaN(c.cal.get(a))) {
                    py.append("t['").append(a).append("'].resolution = ").append(c.cal.get(a)).append('\n');
                }
            }
            py.append("out.append(t.toJSON())\n");
        }
        py.append("print(json.dumps(out))");
        JsonNode vigra = IoFixtures.python(py.toString());
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            AxisTags tags = AxisTags.of(Axes.of(c.axes), c.cal);
            assertEquals(vigra.get(i).asText(), tags.toJson(), c.axes);
            AxisTags parsed = AxisTags.fromJson(vigra.get(i).asText());
            assertEquals(c.axes, parsed.axes().letters());
            assertEquals(tags, parsed);
        }
    }

    @Test
    void resolutionsPrintLikeCPrintfG17() {
        Random r = new Random(3);
        List<Double> values = new ArrayList<>(List.of(0.1, 0.5, 1.0, 100.0, 1e16, 1e17, 1.5e-4, 1e-5, 123456789012345678.0,
                -2.5, 0.0001, 0.00001234, 3e-300, 1.7976931348623157e308));
        for (int i = 0; i < 200; i++) values.add(Math.exp(r.nextGaussian() * 20) * (r.nextBoolean() ? 1 : -1));
        JsonNode c = IoFixtures.python("import json, sys\nprint(json.dumps(['%.17g' % float(v) for v in sys.argv[1:]]))",
                values.stream().map(v -> Double.toString(v)).toArray(String[]::new));
        for (int i = 0; i < values.size(); i++) {
            assertEquals(c.get(i).asText(), AxisTags.formatG17(values.get(i)), "value " + values.get(i));
        }
    }

    @Test
    void keysOutsideTzyxcAreRejected() {
        AxisTags tags = AxisTags.fromJson("{\"axes\": [{\"key\": \"fx\", \"typeFlags\": 18}, {\"key\": \"y\"}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, tags::axes);
        assertEquals("axis key 'fx' is not one of t, z, y, x, c", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AxisTags.fromJson("{\"axes\": 3}"));
        assertThrows(IllegalArgumentException.class, () -> AxisTags.fromJson("not json"));
    }
}

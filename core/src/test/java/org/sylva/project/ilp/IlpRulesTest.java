package org.sylva.project.ilp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sylva.image.Axes;
import org.sylva.image.Shape;
import org.sylva.testing.Python;

/**
 * ilastik's version ordering and axis-order rules, against the Python they come from: {@code packaging.version}
 * (ilastik's {@code parse_version}) and {@code itertools.permutations} with ilastik's "shortest compliant order".
 */
class IlpRulesTest {

    private static final List<String> VERSIONS = List.of("1.4.0b7", "1.3.3post2", "1.3.3", "1.3.3post1", "1.3.3rc2",
            "1.2.2rc4", "1.2.2", "1.4.0", "1.4.0b11", "1.4.0b8", "1.4.1b16.dev34+g60b582f5c", "1.4.1b16", "1.4.1b15",
            "1.4.1rc4", "1.4.1", "1.4.0.post1", "1.4.0.dev3", "1.3.3post3", "1.4.2a2", "1.4.0b7.post1", "1.10.0",
            "1.3.2", "1.4.1.dev1", "1.4.1a1.dev2");

    @Test
    void versionsSortAsPythonPackagingSortsThem() {
        String py = Python.run(String.join("\n",
                "import sys",
                "from packaging.version import Version",
                "print('\\n'.join(sorted(sys.argv[1:], key=Version)))"), VERSIONS.toArray(new String[0]));
        List<String> expected = List.of(py.trim().split("\n"));
        List<IlastikVersion> ours = new ArrayList<>(VERSIONS.stream().map(IlastikVersion::parse).toList());
        ours.sort(null);
        assertEquals(expected, ours.stream().map(IlastikVersion::text).toList());
        assertTrue(ours.stream().allMatch(IlastikVersion::isValid));
    }

    @Test
    void laneOrdersArePixelClassificationsShortestCompliantOrder() {
        int[][] shapes = {
            {1, 1, 128, 128, 1}, {1, 64, 64, 64, 1}, {5, 1, 33, 77, 2}, {5, 45, 33, 77, 2}, {1, 1, 1, 9, 1},
            {1, 5, 9, 1, 1}, {3, 4, 1, 1, 1}, {1, 1, 1, 1, 3}, {7, 1, 1, 1, 1}, {2, 1, 1, 8, 1}, {1, 1, 1024, 1344, 1},
            {1, 6, 1, 9, 2}};
        StringBuilder args = new StringBuilder();
        for (int[] s : shapes) args.append(s[0]).append(',').append(s[1]).append(',').append(s[2]).append(',')
                .append(s[3]).append(',').append(s[4]).append(' ');
        String py = Python.run(String.join("\n",
                "import itertools, sys",
                "allowed = ['yxc', 'xyc']",
                "allowed += [''.join(p) + 'c' for p in itertools.permutations('tzyx', 3)]",
                "allowed += [''.join(p) + 'c' for p in itertools.permutations('tzyx', 4)]",
                "for arg in sys.argv[1].split():",
                "    shape = dict(zip('tzyxc', map(int, arg.split(','))))",
                "    required = {k for k, v in shape.items() if v > 1}",
                "    print(min([o for o in allowed if required.issubset(set(o))], key=len))"), args.toString().trim());
        List<String> expected = List.of(py.trim().split("\n"));
        List<String> ours = new ArrayList<>();
        for (int[] s : shapes) {
            ours.add(LaneAxes.pixelClassificationOrder(new Shape(s[0], s[1], s[2], s[3], s[4])).letters());
        }
        assertEquals(expected, ours);
        assertEquals(List.of("yxc", "zyxc", "tyxc", "tzyxc"), ours.subList(0, 4));
    }

    @Test
    void storedLabelOrderFollowsTheSavingVersion() {
        Axes raw = Axes.of("tzyxc");
        Axes lane = Axes.of("yxc");
        String pixelObject = LaneAxes.PIXEL_AND_OBJECT_WORKFLOW;
        assertEquals("txyzc", LaneAxes.storedLabelAxes(IlastikVersion.parse("1.3.3"), pixelObject, raw, lane).letters());
        assertEquals("txyzc", LaneAxes.storedLabelAxes(IlastikVersion.parse("1.3.3post1"), pixelObject, raw, lane)
                .letters());
        assertEquals("yxc", LaneAxes.storedLabelAxes(IlastikVersion.parse("1.3.3post1"), "Pixel Classification", raw,
                lane).letters());
        assertEquals("tzyxc", LaneAxes.storedLabelAxes(IlastikVersion.parse("1.3.3post2"), pixelObject, raw, lane)
                .letters());
        assertEquals("tzyxc", LaneAxes.storedLabelAxes(IlastikVersion.parse("1.4.0b7"), "Pixel Classification", raw,
                lane).letters());
        assertEquals("yxc", LaneAxes.storedLabelAxes(IlastikVersion.parse("1.4.0b8"), "Pixel Classification", raw,
                lane).letters());
        assertEquals("yxc", LaneAxes.storedLabelAxes(IlastikVersion.parse("1.2.2rc4"), "Pixel Classification", raw,
                lane).letters());
        assertEquals("yxc", LaneAxes.storedLabelAxes(IlastikVersion.parse("1.4.1b15"), "Pixel Classification", raw,
                lane).letters());
    }

    @Test
    void classifierSettingsAreReadFromBothPickleSpellings() {
        String v2 = "ccopy_reg\n_reconstructor\np0\n(clazyflow.classifiers.parallelVigraRfLazyflowClassifier\n"
                + "ParallelVigraRfLazyflowClassifierFactory\np1\nc__builtin__\nobject\np2\nNtp3\nRp4\n(dp5\nVVERSION\n"
                + "p6\nI2\nsV_num_trees\np7\nI100\nsV_label_proportion\np8\nNsV_num_forests\np13\nI8\nsb.";
        String s = "ccopy_reg\n_reconstructor\np1\n(clazyflow.classifiers.parallelVigraRfLazyflowClassifier\n"
                + "ParallelVigraRfLazyflowClassifierFactory\np2\nc__builtin__\nobject\np3\nNtRp4\n(dp5\n"
                + "S'_num_trees'\np11\nI64\nsS'_label_proportion'\np12\nNsS'_num_forests'\np13\nI4\nsb.";
        assertEquals(new ClassifierSettings("ParallelVigraRfLazyflowClassifierFactory", 100, 8),
                ClassifierSettings.parse(v2));
        assertEquals(new ClassifierSettings("ParallelVigraRfLazyflowClassifierFactory", 64, 4),
                ClassifierSettings.parse(s));
    }
}

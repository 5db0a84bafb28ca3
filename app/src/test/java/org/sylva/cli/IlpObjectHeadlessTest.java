package org.sylva.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.ImageFiles;
import org.sylva.project.ilp.IlpObjectProject;
import org.sylva.project.ilp.IlpObjectReader;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/**
 * ilastik's own Object Classification projects ({@code ../shared/fixtures/ilastik/object}, ilastik 1.2.2) through
 * {@code sylva --headless} and {@code sylva import}: the stored forest gives exactly the object probabilities
 * ilastik cached in the project, on exactly ilastik's object ids; projects without a forest train one from their
 * object labels; a converted {@code .sylva} gives the same outputs as the {@code .ilp}.
 */
class IlpObjectHeadlessTest {

    private static final Path FIXTURES = Shared.path("fixtures/ilastik/object");

    /** A copy of the project and its input data (the project finds it at {@code inputdata/…}). */
    private static Path copy(Path dir, String project) throws IOException {
        Files.createDirectories(dir.resolve("inputdata"));
        try (Stream<Path> files = Files.list(FIXTURES.resolve("inputdata"))) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve("inputdata").resolve(f.getFileName()));
        }
        Files.copy(FIXTURES.resolve(project), dir.resolve(project));
        return dir.resolve(project);
    }

    private static String data(String project) {
        return project.contains("5t") ? "5t2d1c" : "2d3c";
    }

    /** Runs the project headless on its own data, exporting probabilities, identities and predictions. */
    private static CliRun run(Path project, Path dir, String... extra) {
        return run(project, project.getFileName().toString(), dir, extra);
    }

    /** As {@link #run(Path, Path, String...)} on the data of the fixture {@code name}. */
    private static CliRun run(Path project, String name, Path dir, String... extra) {
        String d = data(name);
        String input = name.contains("wSeg")
                ? "--segmentation_image=" + dir + "/inputdata/" + d + "_Binary_Segmentation.h5/exported_data"
                : "--prediction_maps=" + dir + "/inputdata/" + d + "_Probabilities.h5/exported_data";
        List<String> args = new ArrayList<>(List.of("--headless", "--project=" + project,
                "--raw_data=" + dir + "/inputdata/" + d + ".h5/data", input,
                "--export_source=Object Probabilities", "--export_source=Object Identities",
                "--export_source=Object Predictions", "--output_format=hdf5",
                "--output_filename_format=" + dir + "/out/{nickname}_{result_type}",
                "--table_filename=" + dir + "/out/objects.csv"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Image output(Path dir, String project, String source) throws IOException {
        return ImageFiles.read(dir.resolve("out").resolve(data(project) + "-data_" + source + ".h5") + "/exported_data");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ObjectClassification2d3c_wPred.ilp", "ObjectClassification5t2d1c_wPred.ilp"})
    void theStoredForestGivesTheProbabilitiesIlastikCachedOnIlastiksObjectIds(String name, @TempDir Path dir)
            throws IOException {
        Path project = copy(dir, name);
        CliRun r = run(project, dir);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("the stored object classifier (100 trees, trained by ilastik 1.2.2rc4) is kept"),
                r.err());

        Image ids = output(dir, name, "Object Identities");
        Image probabilities = output(dir, name, "Object Probabilities");
        Image stored = IlpObjectReader.storedObjectIds(IlpObjectReader.read(project), 0);
        Shape s = stored.shape();
        assertArrayEquals(new long[] {s.t(), s.z(), s.y(), s.x()},
                new long[] {ids.shape().t(), ids.shape().z(), ids.shape().y(), ids.shape().x()});
        assertEquals(2, probabilities.shape().c());
        int objects = 0;
        try (HdfFile h5 = new HdfFile(project)) {
            for (int t = 0; t < s.t(); t++) {
                // ilastik's cache, read here with jhdf: row = object id (row 0 the background), column = class
                float[][] cached = (float[][]) h5.getDatasetByPath(
                        "ObjectClassification/CachedProbabilities/0000/" + t).getData();
                boolean[] seen = new boolean[cached.length];
                for (int y = 0; y < s.y(); y++) {
                    for (int x = 0; x < s.x(); x++) {
                        int id = (int) ids.get(t, 0, y, x, 0);
                        assertEquals((int) stored.get(t, 0, y, x, 0), id, "object id at t" + t + " y" + y + " x" + x);
                        for (int c = 0; c < 2; c++) {
                            assertEquals(cached[id][c], (float) probabilities.get(t, 0, y, x, c),
                                    "probability of class " + c + " of object " + id + " at t" + t);
                        }
                        seen[id] = true;
                    }
                }
                for (int id = 1; id < cached.length; id++) assertTrue(seen[id], "object " + id + " at t" + t);
                objects += cached.length - 1;
            }
        }
        // the table has a row per object
        List<String> rows = Files.readAllLines(dir.resolve("out/objects_table.csv"));
        assertEquals(objects + 1, rows.size());
        assertTrue(r.out().contains(objects + " objects"), r.out());
    }

    /** Labelled objects (class per object id, as the project stores them) and what they were predicted. */
    private static void assertLabelledObjectsPredictedAsLabelled(Path dir, String name, Map<Integer, Integer> labels)
            throws IOException {
        Image ids = output(dir, name, "Object Identities");
        Image predicted = output(dir, name, "Object Predictions");
        Map<Integer, Integer> got = new HashMap<>();
        for (int y = 0; y < ids.shape().y(); y++) {
            for (int x = 0; x < ids.shape().x(); x++) {
                int id = (int) ids.get(0, 0, y, x, 0);
                if (id != 0) got.put(id, (int) predicted.get(0, 0, y, x, 0));
            }
        }
        assertTrue(got.values().stream().distinct().count() == 2, "both classes predicted: " + got);
        labels.forEach((id, k) -> assertEquals(k, got.get(id), "predicted class of labelled object " + id));
    }

    /** The class of each labelled object id of lane 0, time point 0, as the project stores it. */
    private static Map<Integer, Integer> storedLabels(Path project) throws IOException {
        IlpObjectProject p = IlpObjectReader.read(project);
        int[] c = p.objectLabels(0, 0);
        Map<Integer, Integer> m = new HashMap<>();
        for (int id = 1; id < c.length; id++) if (c[id] != 0) m.put(id, c[id]);
        return m;
    }

    @Test
    void retrainGrowsANewForestFromTheStoredObjectLabels(@TempDir Path dir) throws IOException {
        String name = "ObjectClassification2d3c_wPred.ilp";
        Path project = copy(dir, name);
        CliRun r = run(project, dir, "--retrain");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Trained 100 trees on 4 labelled objects (Label 1 2, Label 2 2)"), r.out());
        assertTrue(r.err().contains("the retrained classifier was not saved"), r.err());
        Map<Integer, Integer> labels = storedLabels(project);
        assertEquals(Map.of(2, 2, 7, 1, 9, 1, 12, 2), labels);
        assertLabelledObjectsPredictedAsLabelled(dir, name, labels);
        // a new forest: not ilastik's probabilities any more
        Image p = output(dir, name, "Object Probabilities");
        float[][] cached;
        try (HdfFile h5 = new HdfFile(project)) {
            cached = (float[][]) h5.getDatasetByPath("ObjectClassification/CachedProbabilities/0000/0").getData();
        }
        Image ids = output(dir, name, "Object Identities");
        boolean differs = false;
        for (int y = 0; y < ids.shape().y(); y++) {
            for (int x = 0; x < ids.shape().x(); x++) {
                int id = (int) ids.get(0, 0, y, x, 0);
                if (id != 0 && cached[id][0] != (float) p.get(0, 0, y, x, 0)) differs = true;
            }
        }
        assertTrue(differs);
    }

    @Test
    void aProjectWithoutStoredForestTrainsFromItsObjectLabelsWithAWarning(@TempDir Path dir) throws IOException {
        String name = "ObjectClassification2d3c_wPred.ilp";
        Path project = copy(dir, name);
        Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r+') as f:
                    del f['ObjectClassification/ClassifierForests']
                """, project.toString());
        CliRun r = run(project, dir);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("has no up-to-date object classifier; training one from its 4 labelled objects"),
                r.err());
        assertTrue(r.out().contains("Trained 100 trees on 4 labelled objects"), r.out());
        assertLabelledObjectsPredictedAsLabelled(dir, name, storedLabels(project));
    }

    /**
     * The _wSeg project labels no object and stores no forest: with labels added (ids of ilastik's cached object
     * image, which is stale — it does not belong to the segmentation shipped with the project) the labels reach the
     * objects of the segmentation through the pixels of ilastik's objects, and the trained forest predicts them as
     * labelled. As shipped, it is a clear error.
     */
    @Test
    void theSegmentationProjectTrainsFromObjectLabelsPlacedThroughIlastiksObjects(@TempDir Path dir)
            throws IOException {
        String name = "ObjectClassification2d3c_wSeg.ilp";
        Path project = copy(dir, name);
        CliRun none = run(project, dir);
        assertEquals(Main.ERROR, none.exit());
        assertTrue(none.err().contains("has no trained object classifier and no labelled objects"), none.err());

        // ilastik's object ids 2, 3, 9 → class 1; 12, 16, 18 → class 2
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], 'r+') as f:
                    labels = np.zeros(23, dtype=np.float64)
                    labels[[2, 3, 9]] = 1
                    labels[[12, 16, 18]] = 2
                    del f['ObjectClassification/LabelInputs/0000/0']
                    f['ObjectClassification/LabelInputs/0000'].create_dataset('0', data=labels)
                """, project.toString());
        CliRun r = run(project, dir);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("differ from the ones ilastik cached; the labels are placed on ilastik's objects'"
                + " pixels"), r.err());
        assertTrue(r.out().contains("Trained 100 trees on 6 labelled objects (Label 1 3, Label 2 3)"), r.out());

        // each labelled object of ilastik's is the object of the segmentation it overlaps most
        Image stored = IlpObjectReader.storedObjectIds(IlpObjectReader.read(project), 0);
        Image ids = output(dir, name, "Object Identities");
        Map<Integer, Integer> expected = new HashMap<>();
        Map<Integer, Integer> classOf = Map.of(2, 1, 3, 1, 9, 1, 12, 2, 16, 2, 18, 2);
        for (Map.Entry<Integer, Integer> e : classOf.entrySet()) {
            Map<Integer, Integer> overlap = new HashMap<>();
            for (int y = 0; y < ids.shape().y(); y++) {
                for (int x = 0; x < ids.shape().x(); x++) {
                    int id = (int) ids.get(0, 0, y, x, 0);
                    if (id != 0 && (int) stored.get(0, 0, y, x, 0) == e.getKey()) overlap.merge(id, 1, Integer::sum);
                }
            }
            int best = overlap.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            expected.put(best, e.getValue());
        }
        assertEquals(6, expected.size());
        assertLabelledObjectsPredictedAsLabelled(dir, name, expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ObjectClassification2d3c_wPred.ilp", "ObjectClassification5t2d1c_wPred.ilp"})
    void anImportedProjectGivesTheSameOutputsAsTheIlp(String name, @TempDir Path dir) throws IOException {
        Path project = copy(dir, name);
        Path sylva = dir.resolve("converted.sylva");
        CliRun imp = CliRun.of("import", project.toString(), "--project", sylva.toString());
        assertEquals(0, imp.exit(), imp.err());
        assertTrue(imp.out().contains("Classifier: ilastik's trained forest, kept (100 trees)"), imp.out());
        assertTrue(imp.out().contains("Report:"), imp.out());
        assertTrue(imp.out().contains("Object labels: " + (name.contains("5t") ? 2 : 4) + " labelled objects"),
                imp.out());

        assertEquals(0, run(project, dir).exit());
        Map<String, Image> fromIlp = new HashMap<>();
        for (String s : List.of("Object Probabilities", "Object Identities", "Object Predictions")) {
            fromIlp.put(s, output(dir, name, s));
        }
        String table = Files.readString(dir.resolve("out/objects_table.csv"));
        CliRun r = run(sylva, name, dir);
        assertEquals(0, r.exit(), r.err());
        assertTrue(!r.out().contains("Trained"), "the kept forest is used, not retrained: " + r.out());
        for (String s : fromIlp.keySet()) {
            Image a = fromIlp.get(s), b = output(dir, name, s);
            assertEquals(a.shape(), b.shape(), s);
            assertEquals(a.dtype(), b.dtype(), s);
            assertTrue(java.util.Objects.deepEquals(a.toArray(a.axes()), b.toArray(b.axes())), s + " differs");
        }
        assertEquals(table, Files.readString(dir.resolve("out/objects_table.csv")));
    }

    @Test
    void otherWorkflowsAndMissingInputsAreClearErrors(@TempDir Path dir) throws IOException {
        Path ac = Shared.path("data/ilastik_2d_cells_apoptotic/ac.ilp");
        CliRun other = CliRun.of("--headless", "--project=" + ac, "--raw_data=whatever.png");
        assertNotEquals(0, other.exit());
        assertTrue(other.err().contains("this workflow is not supported yet: AutocontextTwoStage"), other.err());

        Path project = copy(dir, "ObjectClassification2d3c_wPred.ilp");
        String raw = "--raw_data=" + dir + "/inputdata/2d3c.h5/data";
        CliRun noMaps = CliRun.of("--headless", "--project=" + project, raw);
        assertEquals(Main.ERROR, noMaps.exit());
        assertTrue(noMaps.err().contains("give the prediction maps of each image with --prediction_maps"),
                noMaps.err());
        CliRun wrong = CliRun.of("--headless", "--project=" + project, raw,
                "--segmentation_image=" + dir + "/inputdata/2d3c_Binary_Segmentation.h5/exported_data");
        assertEquals(Main.ERROR, wrong.exit());
        assertTrue(wrong.err().contains("finds objects in prediction maps; give them with --prediction_maps"),
                wrong.err());
        assertTrue(!Files.exists(dir.resolve("out")), "nothing written");
    }
}

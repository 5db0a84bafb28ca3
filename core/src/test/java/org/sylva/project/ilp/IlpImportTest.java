package org.sylva.project.ilp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.pixel.PixelClassifier;
import org.sylva.project.DataLane;
import org.sylva.project.Fingerprint;
import org.sylva.project.ProjectFile;
import org.sylva.project.Projects;
import org.sylva.project.SylvaProject;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/**
 * Importing ilastik projects into Sylva projects: every fixture imports, and what it holds survives a save and load
 * of the {@code .sylva} — labels voxel for voxel against the h5py-extracted references, feature selection, classes,
 * colours, export settings — and ilastik's stored forests keep predicting ilastik's stored probabilities.
 */
class IlpImportTest {

    private static final Axes CANONICAL = Axes.of(Axes.CANONICAL);

    @TempDir
    Path tmp;

    /** Project, name of its h5py label reference ({@code /ilp/labels/<name>.lane0.npy.gz}), forest expected. */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of(IlpFixtures.pixel("PixelClass.ilp"), "PixelClass", true),
                Arguments.of(IlpFixtures.pixel("PixelClass3D.ilp"), "PixelClass3D", true),
                Arguments.of(IlpFixtures.pixel("PixelClassNoClassifier.ilp"), "PixelClassNoClassifier", false),
                Arguments.of(IlpFixtures.pixel("PixelClassNoData.ilp"), null, false),
                // ilastik 1.2: no lane shape, no ComputeIn2d, feature names without " in 2D"
                Arguments.of(IlpFixtures.object("PixelClassification2d3c.ilp"), "PixelClassification2d3c", true),
                // data stored inside the project
                Arguments.of(IlpFixtures.cells("pc.ilp"), "pc", true),
                Arguments.of(IlpFixtures.cells("ilastik4ij/pixel_class_2d_cells_apoptotic.ilp"), "ilastik4ij", true));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void everyFixtureImportsAndSurvivesASaveAndLoad(Path file, String labelsRef, boolean forest) throws Exception {
        IlpProject ilp = IlpReader.read(file);
        Path target = tmp.resolve("imported.sylva");
        IlpImport.Imported imported = IlpImport.convert(ilp, IlpImport.Options.besideProject(target, false));
        ProjectFile.write(imported.project(), target);
        ProjectFile.Loaded loaded = ProjectFile.read(target);
        SylvaProject p = loaded.project();

        assertEquals(ilp.lanes().size(), p.lanes().size());
        for (int i = 0; i < p.lanes().size(); i++) {
            DataLane lane = p.lanes().get(i);
            assertTrue(lane.isAvailable(), lane.status().problem());
            assertEquals(ilp.lane(i).raw().nickname(), lane.name());
            // the lane reads as ilastik reads its raw data: same pixels, same extents
            Image ours = lane.read();
            Image theirs = IlpReader.resolveRaw(ilp, i).read();
            assertEquals(theirs.shape(), ours.shape());
            assertArrayEquals((byte[]) theirs.toArray(CANONICAL), (byte[]) ours.toArray(CANONICAL));
        }
        if (labelsRef != null) {
            Image ref = IlpFixtures.npy(IlpFixtures.resource("labels/" + labelsRef + ".lane0.npy.gz"), tmp);
            assertSameLabels(ref, p.labels(0).toImage());
        }
        assertEquals(ilp.features() == null ? org.sylva.features.FeatureSelection.all() : ilp.features(), p.features());
        assertEquals(ilp.labelClasses(), p.classes(), "names and colours");
        assertEquals(ilp.export(), p.export());
        assertEquals(forest, p.classifier().isPresent(), "the stored forest is kept and offered");
        if (forest) {
            assertEquals(ilp.forests().forest(), p.forest().forest(), "the forest, tree for tree");
            assertEquals(ilp.forests().forest().treeCount(), p.treeCount());
        }
        assertTrue(loaded.warnings().isEmpty(), loaded.warnings().toString());
        assertTrue(p.info().notes().contains(file.toAbsolutePath().toString()), p.info().notes());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PixelClass.ilp, Data_1channel.png, res-Data_1channel_pc1xyc.npy",
                "PixelClass3D.ilp, Data_3D.npy, res-Data_3D_pc3d.npy"})
    void theImportedForestGivesIlastiksProbabilities(String project, String input, String reference) throws Exception {
        Path target = tmp.resolve("p.sylva");
        IlpImport.Imported imported = IlpImport.convert(IlpReader.read(IlpFixtures.pixel(project)),
                IlpImport.Options.besideProject(target, false));
        assertTrue(imported.report().stream().anyMatch(l -> l.startsWith("the stored classifier (100 trees in 8 "
                + "forests, trained by ilastik 1.4.1b15) is kept") && l.contains("retraining")
                && l.contains("gives a different forest")), imported.report().toString());
        ProjectFile.write(imported.project(), target);
        PixelClassifier classifier = ProjectFile.read(target).project().classifier().orElseThrow();

        Image raw = ImageFiles.read(IlpFixtures.pixel(input).toString());
        Image ref = ImageFiles.read(IlpFixtures.pixel(reference).toString());
        assertWithinIlastiksTolerance(ref, probabilities(classifier, raw), project);
    }

    /**
     * ilastik 1.2 named the channels without " in 2D": its forest is kept, and predicts what vigra predicts with the
     * same stored forests on ilastik's features ({@code stored_forest_oracle.py}). (ilastik's test data has
     * {@code 2d3c_Probabilities.h5} for this input, but from another training: vigra with these forests differs
     * from it as much as we do, by the same 14,328 values.)
     */
    @Test
    void anIlastik12ForestIsKeptAndPredictsAsVigraWithTheSameForest() throws Exception {
        Path ilp = IlpFixtures.object("PixelClassification2d3c.ilp");
        Path target = tmp.resolve("old.sylva");
        IlpImport.Imported imported = IlpImport.convert(IlpReader.read(ilp),
                IlpImport.Options.besideProject(target, false));
        ProjectFile.write(imported.project(), target);
        SylvaProject p = ProjectFile.read(target).project();
        Image got = probabilities(p.classifier().orElseThrow(), p.lanes().get(0).read());

        Path oracle = tmp.resolve("oracle.npy");
        Python.run(Files.readString(IlpFixtures.resource("stored_forest_oracle.py")), Shared.path("bench").toString(),
                ilp.toString(), IlpFixtures.object("inputdata/2d3c.h5").toString(), "data", oracle.toString());
        Image ref = ImageFiles.read(oracle.toString(), ReadOptions.withAxes("yxc"));
        assertWithinIlastiksTolerance(ref, got, "PixelClassification2d3c.ilp");
        float[] want = (float[]) ref.toArray(ref.axes()), have = (float[]) got.toArray(ref.axes());
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - have[i]) <= 0.0101, "value " + i + ": " + have[i] + ", vigra " + want[i]
                    + " (more than one tree's vote apart)");
        }
    }

    @Test
    void aProjectWithoutDataSaysSo() throws Exception {
        IlpImport.Imported im = IlpImport.convert(IlpReader.read(IlpFixtures.pixel("PixelClassNoData.ilp")),
                IlpImport.Options.besideProject(tmp.resolve("x.sylva"), false));
        assertTrue(im.project().lanes().isEmpty());
        assertTrue(im.report().contains("the project has no data: it holds no images, so there is nothing labelled or"
                + " to train on; add images to the Sylva project to work with it"), im.report().toString());
        assertTrue(im.report().contains("the project stores no feature selection; using ilastik's full default set ("
                + org.sylva.features.FeatureSelection.all() + ")"), im.report().toString());
    }

    @Test
    void aProjectWithoutClassifierOrLabelsSaysItHasNeither() throws Exception {
        IlpImport.Imported im = IlpImport.convert(IlpReader.read(IlpFixtures.pixel("PixelClassNoClassifier.ilp")),
                IlpImport.Options.besideProject(tmp.resolve("x.sylva"), false));
        SylvaProject p = im.project();
        assertTrue(p.storedForest().isEmpty());
        assertTrue(p.labels(0).isEmpty());
        assertEquals(List.of("no labels: none of the project's 1 image has labelled pixels",
                "no trained classifier is stored, and there are no labels to train one: label some pixels of each class"
                        + " first"), im.report());
    }

    @Test
    void missingRawDataImportsWithALineNamingThePathAndTheLane() throws Exception {
        Path ilpCopy = Files.copy(IlpFixtures.pixel("PixelClass3D.ilp"), tmp.resolve("PixelClass3D.ilp"));
        Path expected = tmp.resolve("Data_3D.npy");
        Path target = tmp.resolve("out/p.sylva");
        Files.createDirectories(target.getParent());
        IlpProject ilp = IlpReader.read(ilpCopy);
        IlpImport.Imported im = IlpImport.convert(ilp, IlpImport.Options.besideProject(target, false));
        String line = "lane 0 'Data_3D': raw data not found: 'Data_3D.npy' (looked for " + expected + "); imported"
                + " without it (its labels and the stored classifier are kept) — put the file at " + expected
                + " or beside the Sylva project to use the lane";
        assertTrue(im.report().contains(line), im.report().toString());

        SylvaProject p = im.project();
        DataLane lane = p.lanes().get(0);
        assertEquals(DataLane.State.MISSING, lane.status().state());
        assertEquals("zyxc", lane.axes().letters(), "the stored axistags");
        assertEquals(ilp.lane(0).raw().canonicalShape(), lane.shape(), "the stored shape");
        assertEquals(Fingerprint.unverified(), lane.files().get(0).fingerprint());
        assertTrue(p.classifier().isPresent(), "the forest stays usable on other images");
        assertSameLabels(IlpFixtures.npy(IlpFixtures.resource("labels/PixelClass3D.lane0.npy.gz"), tmp),
                p.labels(0).toImage());

        // saved and opened: still missing, with a warning naming the file and the lane; nothing is lost
        ProjectFile.write(p, target);
        ProjectFile.Loaded missing = ProjectFile.read(target);
        assertEquals(DataLane.State.MISSING, missing.project().lanes().get(0).status().state());
        assertTrue(missing.warnings().get(0).startsWith("lane 'Data_3D': data file ../Data_3D.npy not found"),
                missing.warnings().toString());
        assertTrue(missing.project().classifier().isPresent());

        // the data put beside the project: found, flagged as unchecked, the forest still current and right
        Files.copy(IlpFixtures.pixel("Data_3D.npy"), target.resolveSibling("Data_3D.npy"));
        ProjectFile.Loaded found = ProjectFile.read(target);
        DataLane back = found.project().lanes().get(0);
        assertTrue(back.isAvailable(), back.status().problem());
        assertEquals(List.of("lane 'Data_3D': using " + target.resolveSibling("Data_3D.npy") + "; it was missing when"
                + " the project was imported, so it cannot be checked to be the image the labels were made on (only"
                + " its shape is)"), found.warnings());
        assertEquals(Fingerprint.unverified(), back.files().get(0).fingerprint(), "stays unverified: see Fingerprint");
        assertEquals(DType.UINT8, back.read().dtype());
        DataLane relinked = lane.relink(List.of(target.resolveSibling("Data_3D.npy")));
        assertEquals(Fingerprint.unverified(), relinked.files().get(0).fingerprint());
        assertTrue(p.withLane(0, relinked).classifier().isPresent(), "relinking keeps the imported forest current");
        PixelClassifier c = found.project().classifier().orElseThrow();
        assertWithinIlastiksTolerance(ImageFiles.read(IlpFixtures.pixel("res-Data_3D_pc3d.npy").toString()),
                probabilities(c, back.read()), "PixelClass3D.ilp, data found later");
    }

    @Test
    void dataFoundBesideTheProjectIsUsedWithAWarning() throws Exception {
        Path ilpCopy = Files.copy(IlpFixtures.pixel("PixelClass.ilp"), tmp.resolve("PixelClass.ilp"));
        Path png = Files.copy(IlpFixtures.pixel("Data_1channel.png"), tmp.resolve("Data_1channel.png"));
        IlpImport.Imported im = IlpImport.convert(IlpReader.read(ilpCopy),
                IlpImport.Options.besideProject(tmp.resolve("p.sylva"), false));
        String stored = "/Users/kutra/sources/ilastik-meta/ilastik/tests/test_ilastik/data/api_projects/Data_1channel.png";
        assertEquals("lane 0 (Raw Data): '" + stored + "' not found; using '" + png + "' found beside the project",
                im.report().get(0));
        DataLane lane = im.project().lanes().get(0);
        assertTrue(lane.isAvailable());
        assertEquals(png, lane.files().get(0).path());
        assertEquals(Fingerprint.of(png), lane.files().get(0).fingerprint());
        assertTrue(im.project().classifier().isPresent());
    }

    @Test
    void anIlastik12ProjectWithoutItsDataCannotPlaceItsLabels() throws Exception {
        Path copy = Files.copy(IlpFixtures.object("PixelClassification2d3c.ilp"), tmp.resolve("old.ilp"));
        IlpProject ilp = IlpReader.read(copy);
        IlpException e = assertThrows(IlpException.class,
                () -> IlpImport.convert(ilp, IlpImport.Options.besideProject(tmp.resolve("p.sylva"), false)));
        assertEquals(copy + ": lane 0 '2d3c': raw data not found: 'inputdata/2d3c.h5/data' (looked for "
                + tmp.resolve("inputdata/2d3c.h5") + " and " + tmp.resolve("2d3c.h5") + "); this project"
                + " (ilastik 1.2.2rc4) does not store the image's size, so its labels cannot be placed without the"
                + " image — put it where the project expects it, or beside the project, and import again",
                e.getMessage());
    }

    @Test
    void projectInternalDataIsWrittenBesideTheNewProject() throws Exception {
        Path target = tmp.resolve("cells.sylva");
        IlpProject ilp = IlpReader.read(IlpFixtures.cells("pc.ilp"));
        IlpImport.Imported im = IlpImport.convert(ilp, IlpImport.Options.besideProject(target, false));
        Path written = tmp.resolve("cells_data/2d_cells_apoptotic_1channel.h5");
        assertEquals(List.of("lane 0 '2d_cells_apoptotic_1channel': the image stored inside the .ilp was written to "
                + written + " (a Sylva project references its images instead of holding them)",
                "the stored classifier (100 trees in 4 forests, trained by ilastik 1.4.0b11) is kept and predicts as"
                        + " in ilastik; ilastik's forests are not reproducible from a seed, so retraining (after"
                        + " editing labels or features) gives a different forest"), im.report());
        DataLane lane = im.project().lanes().get(0);
        assertEquals(List.of(written), lane.files().stream().map(f -> f.path()).toList());
        assertEquals("data", lane.internalPath());
        // h5py reads the written file as the image the dataset's README says is embedded (its PNG, also as TIFF)
        String same = Python.run(String.join("\n",
                "import h5py, numpy as np, sys, json, tifffile",
                "a = h5py.File(sys.argv[1], 'r')['data']",
                "png = tifffile.imread(sys.argv[2])",
                "tags = [x['key'] for x in json.loads(a.attrs['axistags'])['axes']]",
                "print(''.join(tags), a.shape, bool((a[()][..., 0] == png).all()))"),
                written.toString(), IlpFixtures.cells("2d_cells_apoptotic_1channel.tif").toString());
        assertEquals("yxc (1024, 1344, 1) True", same.strip());

        // a second import to the same name refuses to replace the file unless asked
        FileAlreadyExistsException refused = assertThrows(FileAlreadyExistsException.class,
                () -> IlpImport.convert(ilp, IlpImport.Options.besideProject(target, false)));
        assertEquals(written + ": exists (from an earlier import?); not replaced — allow overwriting, or import to"
                + " another project name", refused.getMessage());
        assertTrue(IlpImport.convert(ilp, IlpImport.Options.besideProject(target, true)).project().lanes().get(0)
                .isAvailable());
    }

    @Test
    void aForestTrainedOnOtherFeaturesIsDroppedWithTheReason() throws Exception {
        Path copy = Files.copy(IlpFixtures.pixel("PixelClass.ilp"), tmp.resolve("renamed.ilp"));
        Files.copy(IlpFixtures.pixel("Data_1channel.png"), tmp.resolve("Data_1channel.png"));
        // ilastik's own check: feature_names must be the channels the current selection gives
        Python.run(String.join("\n",
                "import h5py, sys",
                "with h5py.File(sys.argv[1], 'r+') as h:",
                "    d = h['PixelClassification/ClassifierForests/feature_names']",
                "    names = list(d[()])",
                "    names[3] = b'Something else [0]'",
                "    del h['PixelClassification/ClassifierForests/feature_names']",
                "    h['PixelClassification/ClassifierForests/feature_names'] = names"),
                copy.toString());
        IlpImport.Imported im = IlpImport.convert(IlpReader.read(copy),
                IlpImport.Options.besideProject(tmp.resolve("p.sylva"), false));
        SylvaProject p = im.project();
        assertTrue(p.storedForest().isEmpty());
        assertTrue(p.classifier().isEmpty());
        String name3 = p.featureNames().get(3);
        assertTrue(im.report().contains("the stored classifier (100 trees in 8 forests, trained by ilastik 1.4.1b15) is"
                + " dropped: its feature channel 3 is 'Something else [0]' but the feature selection gives '" + name3
                + "' for the project's images; the project trains a new one from its labels (ilastik's forests are not"
                + " reproducible from a seed, so it will differ from ilastik's)"), im.report().toString());
    }

    @Test
    void projectsOpensBothKinds() throws Exception {
        Projects.Opened ilp = Projects.open(IlpFixtures.pixel("PixelClass3D.ilp"));
        assertTrue(ilp.ilp());
        assertTrue(ilp.project().classifier().isPresent());
        assertEquals(1, ilp.warnings().size(), ilp.warnings().toString());

        Path target = tmp.resolve("p.sylva");
        ProjectFile.write(ilp.project(), target);
        Projects.Opened sylva = Projects.open(target);
        assertFalse(sylva.ilp());
        assertEquals(ilp.project().labels(0), sylva.project().labels(0));
        assertTrue(sylva.project().classifier().isPresent());

        // data inside the .ilp: extracted to a temporary folder, nothing written beside the project
        Projects.Opened internal = Projects.open(IlpFixtures.cells("pc.ilp"));
        Path extracted = internal.project().lanes().get(0).files().get(0).path();
        assertTrue(extracted.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()), extracted.toString());
        assertFalse(Files.exists(IlpFixtures.cells("pc.ilp").resolveSibling("pc_data")));
        assertTrue(internal.project().lanes().get(0).isAvailable());

        IlpException e = assertThrows(IlpException.class,
                () -> Projects.open(IlpFixtures.object("ObjectClassification2d3c_wPred.ilp")));
        assertTrue(e.getMessage().contains("an Object Classification project, not a Pixel Classification one"),
                e.getMessage());
        // which openObjects opens: the stored forest current, the object labels on their objects
        try (org.sylva.blockwise.Workers w = new org.sylva.blockwise.Workers(2)) {
            Projects.ObjectOpened oc = Projects.openObjects(IlpFixtures.object("ObjectClassification2d3c_wPred.ilp"), w);
            assertTrue(oc.ilp());
            assertTrue(oc.project().classifier().isPresent());
            assertArrayEquals(new int[] {0, 2, 2}, oc.project().labelledPerClass());
        }
    }

    // ---- helpers ----

    private static Image probabilities(PixelClassifier classifier, Image raw) throws Exception {
        try (Workers w = new Workers(2)) {
            return classifier.probabilities(raw, null, w, Progress.NONE);
        }
    }

    /** ilastik's cross-platform tolerance (spec §2.5): ≤ 0.1 % of values off by ≥ 0.015, none by ≥ 0.15. */
    private static void assertWithinIlastiksTolerance(Image ref, Image got, String what) {
        float[] want = (float[]) ref.toArray(ref.axes());
        float[] have = (float[]) got.toArray(got.axes());
        assertEquals(want.length, have.length, "reference size");
        int off = 0;
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(want[i] - have[i]);
            worst = Math.max(worst, d);
            if (d >= 0.015) off++;
        }
        assertTrue(off <= 0.001 * want.length, what + ": " + off + " of " + want.length + " values differ by ≥ 0.015");
        assertTrue(worst < 0.15, what + ": a probability differs by " + worst);
    }

    private static void assertSameLabels(Image expected, Image actual) {
        assertEquals(expected.shape(), actual.shape(), "extents");
        byte[] e = (byte[]) expected.toArray(CANONICAL);
        byte[] a = (byte[]) actual.toArray(CANONICAL);
        int differ = 0;
        for (int i = 0; i < e.length; i++) if (e[i] != a[i]) differ++;
        assertEquals(0, differ, "voxels that differ");
    }
}

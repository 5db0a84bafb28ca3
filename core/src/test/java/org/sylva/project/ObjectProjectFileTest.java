package org.sylva.project;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.blockwise.Workers;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.ThresholdSettings;
import org.sylva.objects.classify.ObjectAnnotations;
import org.sylva.objects.classify.ObjectSegmentation;
import org.sylva.objects.classify.ObjectTraining;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.objects.features.ObjectFeatureTable;
import org.sylva.pixel.LabelClass;
import org.sylva.testing.Shared;

/** Object Classification projects in the .sylva format: round trip, stale forests, damage, older versions. */
class ObjectProjectFileTest {

    @TempDir
    Path dir;

    ObjectProject trained(Workers w) throws Exception {
        String d = "data/bian_blobs_annotated/";
        String rawPath = Shared.path(d + "blobs.tif").toString(), labPath = Shared.path(d + "blobs_labeled.tif").toString();
        Image raw = ImageFiles.read(rawPath), lab = ImageFiles.read(labPath);
        ObjectSegmentation seg = ObjectSegmentation.labelImage();
        ObjectLabels objects = seg.objects(raw, lab, w);
        ObjectAnnotations ann = ObjectAnnotations.fromLabelImage(objects,
                ImageFiles.read(Shared.path(d + "label_annotation.tif").toString()));
        ObjectFeatureSelection sel = ObjectFeatureSelection.parse("Count,Mean,Mean in neighborhood@10x10", 2, 1);
        List<LabelClass> classes = LabelClass.named(List.of("a", "b", "c"));
        ObjectTraining.Result r = ObjectTraining.train(List.of(new ObjectTraining.Sample(rawPath, raw, objects, ann)),
                sel, classes, TrainingOptions.defaults().withSeed(5).withTreeCount(20), w);
        ObjectLane lane = new ObjectLane(DataLane.of(rawPath, ReadOptions.DEFAULT, raw),
                DataLane.of(labPath, ReadOptions.DEFAULT, lab), ann);
        return ObjectProject.create(List.of(lane), seg, sel, classes).withSeed(5).withTreeCount(20)
                .withForest(r.classifier()).withTableFilename("{dataset_dir}/{nickname}.csv");
    }

    @Test
    void roundTripKeepsLabelsSettingsAndACurrentForest() throws Exception {
        try (Workers w = new Workers(2)) {
            ObjectProject p = trained(w);
            Path file = dir.resolve("p.sylva");
            ObjectProject saved = ObjectProjectFile.write(p, file);
            assertEquals(ObjectProject.WORKFLOW, ProjectFile.workflow(file));
            ObjectProjectFile.Loaded l = ObjectProjectFile.read(file);
            assertEquals(ProjectFile.VERSION, l.formatVersion());
            ObjectProject back = l.project();
            assertTrue(l.warnings().isEmpty(), l.warnings().toString());
            assertEquals(p.lanes().get(0).annotations(), back.lanes().get(0).annotations());
            assertEquals(p.features(), back.features());
            assertEquals(p.segmentation(), back.segmentation());
            assertEquals(p.classes(), back.classes());
            assertEquals("{dataset_dir}/{nickname}.csv", back.tableFilename());
            assertTrue(back.forestIsCurrent());
            assertEquals(p.storedForest().get().forest(), back.classifier().orElseThrow().forest());
            // predictions of the loaded classifier equal the original's
            Image raw = back.lanes().get(0).raw().read(), lab = back.lanes().get(0).input().read();
            ObjectLabels objects = back.segmentation().objects(raw, lab, w);
            ObjectFeatureTable t = new org.sylva.objects.features.ObjectFeatures(w).compute(raw, objects.image(),
                    back.features()).get(0);
            assertArrayEquals(p.classifier().orElseThrow().predict(t, 1).probabilities(),
                    back.classifier().orElseThrow().predict(t, 2).probabilities());
            // a change of threshold settings makes the forest stale: not offered, not saved
            ObjectProject edited = saved.withSegmentation(ObjectSegmentation.predictionMaps(ThresholdSettings.defaults()));
            assertFalse(edited.forestIsCurrent());
            ObjectProjectFile.write(edited, file);
            try (ZipFile z = new ZipFile(file.toFile())) {
                assertTrue(z.getEntry("forest.bin") == null);
                assertTrue(z.getEntry("objects/0.bin") != null);
            }
            assertTrue(ObjectProjectFile.read(file).project().classifier().isEmpty());
        }
    }

    @Test
    void damagedLabelsAndAPixelProjectAreRefusedByName() throws Exception {
        try (Workers w = new Workers(2)) {
            Path file = dir.resolve("p.sylva");
            ObjectProjectFile.write(trained(w), file);
            Path broken = dir.resolve("broken.sylva");
            rewrite(file, broken, "objects/0.bin", new byte[] {'S', 'Y', 'L', 'O', 5, 0, 0, 0, 1});
            ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ObjectProjectFile.read(broken));
            assertTrue(e.getMessage().contains("objects/0.bin") && e.getMessage().contains("damaged"), e.getMessage());
            ProjectFormatException pc = assertThrows(ProjectFormatException.class, () -> ProjectFile.read(file));
            assertTrue(pc.getMessage().contains("Object Classification"), pc.getMessage());
        }
    }

    @Test
    void aFormatOnePixelProjectStillLoads() throws Exception {
        Path data = dir.resolve("blobs.tif");
        Files.copy(Shared.path("data/bian_blobs_annotated/blobs.tif"), data);
        Image raw = ImageFiles.read(data.toString());
        SylvaProject p = SylvaProject.create(List.of(DataLane.of(data.toString(), ReadOptions.DEFAULT, raw)),
                org.sylva.features.FeatureSelection.parse("GaussianSmoothing@1.0"), LabelClass.numbered(2));
        Path v2 = dir.resolve("v2.sylva"), v1 = dir.resolve("v1.sylva");
        ProjectFile.write(p, v2);
        String manifest;
        try (ZipFile z = new ZipFile(v2.toFile())) {
            manifest = new String(z.getInputStream(z.getEntry("manifest.json")).readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(manifest.contains("\"version\" : 2"));
        rewrite(v2, v1, "manifest.json", manifest.replace("\"version\" : 2", "\"version\" : 1").getBytes(StandardCharsets.UTF_8));
        ProjectFile.Loaded l = ProjectFile.read(v1);
        assertEquals(1, l.formatVersion());
        assertEquals(p.features(), l.project().features());
        assertEquals(SylvaProject.WORKFLOW, ProjectFile.workflow(v1));
    }

    private static void rewrite(Path from, Path to, String member, byte[] content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipFile z = new ZipFile(from.toFile()); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(e.getName().equals(member) ? content : z.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
        Files.write(to, bytes.toByteArray());
    }
}

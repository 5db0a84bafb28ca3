package org.sylva.objects.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.blockwise.Workers;
import org.sylva.image.Image;
import org.sylva.io.ImageFileException;
import org.sylva.io.ImageFiles;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.ThresholdSettings;
import org.sylva.testing.Shared;

/** Object labels: from clicks, and carried over to the objects of a new threshold. */
class ObjectAnnotationsTest {

    static Workers workers;
    static Image raw, lab, strokes;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        workers = new Workers(2);
        String d = "data/bian_blobs_annotated/";
        raw = ImageFiles.read(Shared.path(d + "blobs.tif").toString());
        lab = ImageFiles.read(Shared.path(d + "blobs_labeled.tif").toString());
        strokes = ImageFiles.read(Shared.path(d + "label_annotation.tif").toString());
    }

    @AfterAll
    static void stop() { workers.close(); }

    @Test
    void labelsFollowTheirObjectsToANewThresholdAndLostOnesAreNamed() {
        ObjectLabels objects = ObjectSegmentation.labelImage().objects(raw, lab, workers);
        ObjectAnnotations ann = ObjectAnnotations.fromLabelImage(objects, strokes);
        // same objects: every label lands on its own object
        ObjectAnnotations.Assignment same = ann.assign(objects);
        assertEquals(12, same.labelled());
        assertTrue(same.unmapped().isEmpty());
        // blobs.tif as uint8 maps (scaled to [0, 1]), threshold 0.5: other ids, the same blobs
        ThresholdSettings t = ThresholdSettings.defaults().withSizes(10, 1_000_000);
        ObjectLabels thresholded = ObjectSegmentation.predictionMaps(t).objects(raw, raw, workers);
        ObjectAnnotations.Transfer moved = ann.transfer(thresholded);
        ObjectAnnotations.Assignment a = moved.annotations().assign(thresholded);
        assertEquals(12 - moved.unmapped().size(), a.labelled());
        assertTrue(a.labelled() >= 10, "labels kept: " + a.labelled());
        // each moved label sits on the new object that covers most of the old object's pixels
        Image newIds = thresholded.image(), oldIds = objects.image();
        for (AnnotatedObject o : ann.objects()) {
            int[] votes = new int[(int) thresholded.count(0) + 1];
            long oldId = -1;
            for (int i = 0; i < 254 * 256; i++) {
                int y = i / 256, x = i % 256;
                if (y < o.y0() || y >= o.y0() + o.height() || x < o.x0() || x >= o.x0() + o.width()) continue;
                if (!o.mask().get((y - o.y0()) * o.width() + (x - o.x0()))) continue;
                oldId = (long) oldIds.get(0, 0, y, x, 0);
                votes[(int) newIds.get(0, 0, y, x, 0)]++;
            }
            int best = 0;
            for (int k = 1; k < votes.length; k++) if (votes[k] > votes[best] || best == 0 && votes[k] > 0) best = k;
            assertTrue(oldId > 0);
            if (votes[best] > 0 && best > 0) assertEquals(o.label(), a.classOf(0)[best], "object " + oldId);
        }
        // a threshold no blob reaches: every label is reported, none silently dropped
        ObjectLabels none = ObjectSegmentation.predictionMaps(t.withSizes(1_000_000, 2_000_000)).objects(raw, raw, workers);
        ObjectAnnotations.Assignment lost = ann.assign(none);
        assertEquals(0, lost.labelled());
        assertEquals(12, lost.unmapped().size());
        assertTrue(lost.unmapped().get(0).toString().contains("no object overlaps it any more"));
    }

    @Test
    void clicksByNameOrNumberAndTheirMistakesByRow() throws Exception {
        ObjectLabels objects = ObjectSegmentation.labelImage().objects(raw, lab, workers);
        Path csv = dir.resolve("c.csv");
        // header in another order, t and z missing
        Files.writeString(csv, "class,y,x\nsmall,10.2,20\nbig,100,100\n");
        List<ObjectAnnotations.Click> clicks = ObjectAnnotations.readClicks(csv);
        assertEquals(2, clicks.size());
        assertEquals(20.0, clicks.get(0).x());
        List<String> names = new java.util.ArrayList<>();
        int[] k = ObjectAnnotations.classesOf(clicks, List.of(), names);
        assertEquals(List.of("small", "big"), names);
        assertEquals(1, k[0]);
        long id0 = (long) lab.get(0, 0, 10, 20, 0), id1 = (long) lab.get(0, 0, 100, 100, 0);
        if (id0 != 0 && id1 != 0) {
            ObjectAnnotations a = ObjectAnnotations.fromClicks(objects, clicks, k, "c.csv");
            assertEquals(2, a.size());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ObjectAnnotations.fromClicks(objects, clicks, k, "c.csv"));
            assertTrue(e.getMessage().startsWith("row " + (id0 == 0 ? 2 : 3) + " of c.csv"), e.getMessage());
        }
        Files.writeString(csv, "t,x,y,z,class\n0,1,2,0,1\n0,abc,2,0,1\n");
        ImageFileException bad = assertThrows(ImageFileException.class, () -> ObjectAnnotations.readClicks(csv));
        assertTrue(bad.getMessage().contains("row 3") && bad.getMessage().contains("abc"), bad.getMessage());
        Files.writeString(csv, "0,1000,2,0,1\n");
        List<ObjectAnnotations.Click> outside = ObjectAnnotations.readClicks(csv);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObjectAnnotations.fromClicks(objects, outside, new int[] {1}, "x.csv"));
        assertTrue(e.getMessage().contains("row 1 of x.csv") && e.getMessage().contains("outside the image"));
    }
}

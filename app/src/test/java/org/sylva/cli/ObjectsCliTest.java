package org.sylva.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.WriteOptions;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/** {@code sylva objects train} and headless Object Classification, end to end on real data. */
class ObjectsCliTest {

    static final String BLOBS = "data/bian_blobs_annotated/";
    static final String CELLS = "data/ilastik_2d_cells_apoptotic/";

    static String shared(String p) { return Shared.path(p).toString(); }

    @TempDir
    Path dir;

    @Test
    void blobsFromALabelImageTrainThenHeadlessImagesAndTablesReadableByPython() throws Exception {
        Path project = dir.resolve("blobs.sylva");
        CliRun train = CliRun.of("objects", "train", "--raw", shared(BLOBS + "blobs.tif"), "--label-image",
                shared(BLOBS + "blobs_labeled.tif"), "--object-labels", shared(BLOBS + "label_annotation.tif"),
                "--class-names", "elongated,small,roundish", "--project", project.toString(), "--threads", "2");
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("63 objects, 12 labelled"), train.out());
        assertTrue(train.out().contains("Trained on 12 labelled objects (elongated 4, small 4, roundish 4)"), train.out());
        assertTrue(train.out().matches("(?s).*Out-of-bag accuracy: \\d+\\.\\d%.*"), train.out());

        Path out = dir.resolve("out");
        CliRun run = CliRun.of("--headless", "--project=" + project, "--raw_data", shared(BLOBS + "blobs.tif"),
                "--label_image", shared(BLOBS + "blobs_labeled.tif"), "--export_source=Object Predictions",
                "--export_source=Object Probabilities", "--export_source=Object Identities", "--output_format=tif",
                "--output_filename_format=" + out + "/{nickname}_{result_type}", "--table_filename=" + out + "/objects.csv");
        assertEquals(0, run.exit(), run.err());
        CliRun h5 = CliRun.of("--headless", "--project=" + project, "--raw_data", shared(BLOBS + "blobs.tif"),
                "--label_image", shared(BLOBS + "blobs_labeled.tif"), "--table_only", "--table_filename=" + out
                        + "/objects.h5");
        assertEquals(0, h5.exit(), h5.err());
        String py = Python.run("""
                import sys, csv, h5py, tifffile, numpy as np
                d = sys.argv[1]
                rows = list(csv.DictReader(open(d + '/objects_table.csv')))
                pred = np.squeeze(tifffile.imread(d + '/blobs_Object Predictions.tif'))
                ids = np.squeeze(tifffile.imread(d + '/blobs_Object Identities.tif'))
                prob = tifffile.imread(d + '/blobs_Object Probabilities.tif')
                if prob.shape[0] == 3: prob = np.moveaxis(prob, 0, -1)
                lab = tifffile.imread(sys.argv[2])
                names = ['elongated', 'small', 'roundish']
                ok = 0
                for r in rows:
                    i = int(r['labelimage_oid'])
                    m = ids == i
                    assert m.sum() == float(r['Size in pixels']), (i, m.sum(), r['Size in pixels'])
                    assert set(np.unique(lab[m])) == {int(r['original_oid'])}
                    k = names.index(r['Predicted Class']) + 1
                    assert (pred[m] == k).all()
                    p = [float(r['Probability of ' + n]) for n in names]
                    assert abs(sum(p) - 1) < 1e-5 and np.allclose(prob[m][0], p, atol=1e-6)
                    if r['User Label'] != '0':
                        ok += r['User Label'] == r['Predicted Class']
                assert (pred[ids == 0] == 0).all()
                f = h5py.File(d + '/objects.h5', 'r')
                t = f['table']
                assert t.shape == (len(rows),)
                assert [x.decode() for x in t['Predicted Class']] == [r['Predicted Class'] for r in rows]
                assert np.allclose(t['Mean Intensity'], [float(r['Mean Intensity']) for r in rows], rtol=1e-6)
                lb = f['images/5/labeling'][()]
                assert lb.sum() == float(rows[5]['Size in pixels']) and f['images/5/raw'].shape == lb.shape
                assert f['images/5/labeling'].attrs['type'] == 'labeling'
                print(len(rows), sum(r['User Label'] != '0' for r in rows), ok, t['source_file'][0].decode())
                """, out.toString(), shared(BLOBS + "blobs_labeled.tif"));
        String[] v = py.trim().split(" ");
        assertEquals("63", v[0]);
        assertEquals("12", v[1]);
        assertTrue(Integer.parseInt(v[2]) >= 11, "labelled objects predicted as labelled: " + v[2]);
        assertEquals(shared(BLOBS + "blobs.tif"), v[3]);
    }

    @Test
    void apoptoticNucleiFromClicksOnABinarySegmentation() throws Exception {
        // the six annotated objects of the dataset, clicked at their centroids (README: 1 = dim, 2 = bright)
        Path clicks = dir.resolve("clicks.csv");
        StringBuilder b = new StringBuilder("t,x,y,z,class\n");
        for (String line : Files.readAllLines(Shared.path(CELLS + "object_classes_from_ac_ilp_scribbles.csv")).subList(1, 7)) {
            String[] f = line.split(",");
            b.append("0,").append(f[2]).append(',').append(f[1]).append(",0,")
                    .append(f[7].equals("1") ? "dim" : "bright").append('\n');
        }
        Files.writeString(clicks, b);
        Path project = dir.resolve("cells.sylva");
        String seg = shared(CELLS + "2d_Binary_Segmentation.h5") + "/exported_data";
        String raw = shared(CELLS + "2d_cells_apoptotic_1channel.tif");
        CliRun train = CliRun.of("objects", "train", "--raw", raw, "--segmentation", seg, "--object-labels",
                clicks.toString(), "--project", project.toString());
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("Trained on 6 labelled objects (dim 4, bright 2)"), train.out());
        Path table = dir.resolve("t.csv");
        CliRun run = CliRun.of("--headless", "--project=" + project, "--raw_data", raw, "--segmentation_image", seg,
                "--table_only", "--table_filename=" + table);
        assertEquals(0, run.exit(), run.err());
        String py = Python.run("""
                import sys, csv
                rows = list(csv.DictReader(open(sys.argv[1])))
                lab = [r for r in rows if r['User Label'] != '0']
                ok = sum(r['User Label'] == r['Predicted Class'] for r in lab)
                mean = {c: [float(r['Mean Intensity']) for r in rows if r['Predicted Class'] == c] for c in ('dim', 'bright')}
                print(len(rows), len(lab), ok, sum(mean['bright']) / len(mean['bright']) > 1.3 * sum(mean['dim']) / len(mean['dim']))
                """, dir.resolve("t_table.csv").toString());
        assertEquals("6 6 True", py.trim().substring(py.trim().indexOf(' ') + 1));
    }

    @Test
    void predictionMapsThresholdedAsIlastikWithTheLabelsOfAnotherSegmentation() throws Exception {
        // blobs.tif itself as uint8 "prediction maps": rescaled to [0, 1], smoothed, thresholded at 0.5
        Path project = dir.resolve("pm.sylva");
        CliRun train = CliRun.of("objects", "train", "--raw", shared(BLOBS + "blobs.tif"), "--prediction-maps",
                shared(BLOBS + "blobs.tif"), "--method", "hysteresis", "--threshold", "0.5", "--high", "0.8",
                "--sigma", "1.0,1.0,1.0", "--min-size", "10", "--object-labels", shared(BLOBS + "label_annotation.tif"),
                "--features", "Count,Mean,RegionRadii", "--project", project.toString());
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().matches("(?s).*blobs.tif: \\d+ objects, \\d+ labelled.*Trained on \\d+ labelled objects.*"),
                train.out());
    }

    @Test
    void threadCountsGiveTheSameTable() throws Exception {
        Path project = dir.resolve("b.sylva");
        assertEquals(0, CliRun.of("objects", "train", "--raw", shared(BLOBS + "blobs.tif"), "--label-image",
                shared(BLOBS + "blobs_labeled.tif"), "--object-labels", shared(BLOBS + "label_annotation.tif"),
                "--features", "all", "--project", project.toString(), "--threads", "1").exit());
        for (String threads : List.of("1", "2")) {
            CliRun r = CliRun.of("--headless", "--project=" + project, "--raw_data", shared(BLOBS + "blobs.tif"),
                    "--label_image", shared(BLOBS + "blobs_labeled.tif"), "--table_only", "--threads", threads,
                    "--table_filename=" + dir.resolve("t" + threads + ".csv"));
            assertEquals(0, r.exit(), r.err());
        }
        assertEquals(Files.readString(dir.resolve("t1_table.csv")), Files.readString(dir.resolve("t2_table.csv")));
    }

    @Test
    void badInputsAreNamedAndNothingIsWritten() throws Exception {
        Path project = dir.resolve("p.sylva");
        String raw = shared(BLOBS + "blobs.tif");
        // shapes that differ
        CliRun r = CliRun.of("objects", "train", "--raw", raw, "--segmentation", shared(CELLS
                + "objects_from_binary_segmentation.tif"), "--object-labels", shared(BLOBS + "label_annotation.tif"),
                "--project", project.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("does not match the raw data") && r.err().contains("y 254 ≠ 1024"), r.err());
        // a label image with a negative value
        Image neg = ImageFiles.read(shared(BLOBS + "blobs_labeled.tif"));
        Image signed = Image.create(DType.INT32, neg.shape(), neg.axes());
        int[] a = (int[]) neg.plane(0, 0), s = (int[]) signed.plane(0, 0);
        System.arraycopy(a, 0, s, 0, a.length);
        s[1000] = -3;
        Path negFile = dir.resolve("negative.tif");
        ImageFiles.write(signed, negFile, WriteOptions.DEFAULT);
        r = CliRun.of("objects", "train", "--raw", raw, "--label-image", negFile.toString(), "--object-labels",
                shared(BLOBS + "label_annotation.tif"), "--project", project.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("negative.tif") && r.err().contains("-3"), r.err());
        // a click on the background
        Path clicks = dir.resolve("clicks.csv");
        int inside = 0;
        while (a[inside] == 0) inside++;
        Files.writeString(clicks, "t,x,y,z,class\n0," + (inside % 256) + "," + (inside / 256) + ",0,1\n0,0,0,0,2\n");
        r = CliRun.of("objects", "train", "--raw", raw, "--label-image", shared(BLOBS + "blobs_labeled.tif"),
                "--object-labels", clicks.toString(), "--project", project.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("row 3 of " + clicks) && r.err().contains("not inside any object"), r.err());
        // an empty segmentation
        Image empty = Image.create(DType.UINT8, neg.shape(), Axes.of("yx"));
        Path emptyFile = dir.resolve("empty.tif");
        ImageFiles.write(empty, emptyFile, WriteOptions.DEFAULT);
        r = CliRun.of("objects", "train", "--raw", raw, "--segmentation", emptyFile.toString(), "--object-labels",
                shared(BLOBS + "label_annotation.tif"), "--project", project.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no objects found"), r.err());
        assertFalse(Files.exists(project));

        // headless: a frame without objects gives an empty table; a mismatched image fails alone, writing nothing
        assertEquals(0, CliRun.of("objects", "train", "--raw", raw, "--segmentation", raw, "--object-labels",
                shared(BLOBS + "label_annotation.tif"), "--project", project.toString()).exit());
        Path out = dir.resolve("out");
        r = CliRun.of("--headless", "--project=" + project, "--raw_data", raw, raw, "--segmentation_image",
                emptyFile.toString(), shared(CELLS + "objects_from_binary_segmentation.tif"), "--output_format=tif",
                "--output_filename_format=" + out + "/{nickname}_{result_type}", "--table_filename=" + out + "/t.csv");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("1 image failed") && r.err().contains("does not match"), r.err());
        List<String> files;
        try (Stream<Path> s2 = Files.list(out)) {
            files = s2.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("blobs_Object Predictions.tif", "t_table.csv"), files);
        List<String> lines = Files.readAllLines(out.resolve("t_table.csv"));
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("object_id,source_file,timestep,labelimage_oid,User Label,Predicted Class,"));
        assertNotEquals(-1, lines.get(0).indexOf("Size in pixels"));
    }
}

package org.sylva.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.pixel.PixelTraining;
import org.sylva.testing.Shared;

/** Real data and real projects for the project-file tests. */
final class ProjectFixtures {

    static final String BLOBS = "data/bian_blobs_annotated/blobs.tif";
    static final String BLOBS_SCRIBBLES = "data/bian_blobs_annotated/blobs_annotations.tif";

    private ProjectFixtures() {}

    /** Copies a file of the shared data set to {@code target} (creating its folder). */
    static Path copy(String shared, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        return Files.copy(Shared.path(shared), target);
    }

    /** A small feature set (fast to compute) with one scale computed in 2-D. */
    static FeatureSelection features() {
        return FeatureSelection.parse("GaussianSmoothing@0.7,LaplacianOfGaussian@1.0,GaussianGradientMagnitude@1.6,"
                + "StructureTensorEigenvalues@1.0,HessianOfGaussianEigenvalues@1.6");
    }

    /** The blobs image at {@code data} (copied there) with its real scribbles (1 = background, 2 = blobs). */
    static SylvaProject blobs(Path data) throws IOException {
        copy(BLOBS, data);
        DataLane lane = DataLane.open(data.toString(), ReadOptions.DEFAULT);
        SylvaProject p = SylvaProject.create(List.of(lane), features(),
                List.of(new LabelClass("background", 0x3050ff), new LabelClass("blobs", 0xffd700)));
        Image scribbles = ImageFiles.read(Shared.path(BLOBS_SCRIBBLES).toString());
        return p.withLabels(0, SparseLabels.fromImage(scribbles)).withSeed(42).withTreeCount(20);
    }

    /** {@code p} with a forest trained on its labelled lanes (its seed and tree count). */
    static SylvaProject trained(SylvaProject p) throws IOException {
        List<Image> raws = new ArrayList<>();
        List<Image> labels = new ArrayList<>();
        for (int i = 0; i < p.lanes().size(); i++) {
            if (p.labels(i).isEmpty()) continue;
            raws.add(p.lanes().get(i).read());
            labels.add(p.labels(i).toImage());
        }
        try (Workers workers = new Workers(2)) {
            PixelTraining.Result r = PixelTraining.train(raws, labels, p.features(), p.classes(),
                    TrainingOptions.defaults().withTreeCount(p.treeCount()).withSeed(p.seed()), workers, Progress.NONE);
            return p.withForest(r.classifier().forest());
        }
    }

    /** The members of a ZIP archive, in order. */
    static Map<String, byte[]> unzip(Path file) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) out.put(e.getName(), z.readAllBytes());
        }
        return out;
    }

    /** Writes {@code members} as a ZIP archive (e.g. a project altered by a test). */
    static void zip(Map<String, byte[]> members, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : members.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    /** The names of the files in {@code dir}, sorted. */
    static List<String> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

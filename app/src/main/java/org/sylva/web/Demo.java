package org.sylva.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.project.DataLane;
import org.sylva.project.ProjectFile;
import org.sylva.project.SparseLabels;
import org.sylva.project.SylvaProject;

/**
 * The demo project the app opens by default: the bundled ImageJ "blobs" image (CC BY 4.0) in a folder, with the
 * bundled scribbles as labels and ilastik's full feature set. An existing demo project there is opened as it is
 * (the user's work is kept); a new one is written once.
 */
final class Demo {

    static final String PROJECT = "blobs.sylva";
    static final List<LabelClass> CLASSES = List.of(new LabelClass("background", 0x3060FF), new LabelClass("blob", 0xFFC000));

    private Demo() {}

    /** The demo project file in {@code folder}, created there if missing. */
    static Path ensure(Path folder, boolean withScribbles) throws IOException {
        Files.createDirectories(folder);
        Path project = folder.resolve(PROJECT);
        if (Files.exists(project)) return project;
        Path raw = extract(folder, "blobs.tif");
        Path scribbles = extract(folder, "blobs_annotations.tif");
        extract(folder, "README.md");
        Image image = ImageFiles.read(raw.toString());
        SylvaProject p = SylvaProject.create(List.of(DataLane.of(raw.toString(), ReadOptions.DEFAULT, image)),
                FeatureSelection.all(), CLASSES).withSeed(42);
        if (withScribbles) p = p.withLabels(0, SparseLabels.fromImage(ImageFiles.read(scribbles.toString())));
        ProjectFile.write(p, project, ProjectFile.SaveOptions.DEFAULT.withoutBackup());
        return project;
    }

    private static Path extract(Path folder, String name) throws IOException {
        Path target = folder.resolve(name);
        if (Files.exists(target)) return target;
        try (InputStream in = Demo.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) throw new IllegalStateException("demo resource missing: " + name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}

package org.sylva.web;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Box;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.project.DataLane;
import org.sylva.project.ProjectFile;
import org.sylva.project.SparseLabels;
import org.sylva.project.SylvaProject;
import org.sylva.testing.Shared;

/**
 * The documentation's screenshots (docs/images/app-*.png, docs/app.md), taken in chromium; not a test. Run with
 * {@code mvn -B -q -pl app -am test -Dtest=AppScreenshots -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsylva.screenshots=$PWD/docs/images}.
 * <ul>
 * <li>2d: the demo; strokes along rows through bright blobs (blob) and dark gaps (background), painted with the
 *     mouse; live update.</li>
 * <li>3d: NEUBIAS 3-D nuclei ({@code ../shared/data/neubias_nuclei_3d}, 37×118×132); labels on the middle slice
 *     along rows through nuclei and background; the three orthogonal views with the prediction.</li>
 * </ul>
 */
@EnabledIfSystemProperty(named = "sylva.screenshots", matches = ".+")
class AppScreenshots {

    private static final Path OUT = Path.of(System.getProperty("sylva.screenshots", "target/screenshots")).toAbsolutePath();

    @Test
    void demo2d(@TempDir Path dir) throws Exception {
        Browser.require();
        Files.createDirectories(OUT);
        AppCommand cmd = new AppCommand();
        cmd.demoDir = dir.resolve("demo");
        try (Workers workers = new Workers(2); WebServer server = cmd.open(workers).start(0)) {
            Image raw = server.session().raw(0);
            ArrayNode strokes = new ObjectMapper().createArrayNode();
            runs(raw, 0, 200, 255, 14, 5, 2, strokes, null);
            runs(raw, 0, 0, 45, 16, 3, 1, strokes, null);
            Path file = dir.resolve("strokes.json");
            Files.writeString(file, strokes.toString());
            JsonNode r = Browser.script("screenshots.mjs", 600, server.url(), "2d", OUT.toString(), file.toString());
            assertFalse(r.has("failure"), () -> r.get("failure").asText());
            System.out.println("screenshots: " + r.get("shots") + " model " + r.get("model"));
        }
    }

    @Test
    void nuclei3d(@TempDir Path dir) throws Exception {
        Browser.require();
        Files.createDirectories(OUT);
        Path data = Shared.path("data/neubias_nuclei_3d/xyz_8bit__nuclei_autothresh.tif");
        Image vol = ImageFiles.read(data.toString());
        SparseLabels labels = SparseLabels.empty(vol.shape());
        int z = vol.shape().z() / 2;
        labels = runs(vol, z, 60, 255, 6, 6, 2, null, labels);
        labels = runs(vol, z, 0, 3, 14, 5, 1, null, labels);
        SylvaProject p = SylvaProject.create(List.of(DataLane.of(data.toString(), ReadOptions.DEFAULT, vol)),
                FeatureSelection.all(), List.of(new LabelClass("background", 0x3060FF), new LabelClass("nucleus", 0xFFC000)))
                .withSeed(1).withLabels(0, labels);
        Path project = dir.resolve("nuclei.sylva");
        ProjectFile.write(p, project, ProjectFile.SaveOptions.DEFAULT.withoutBackup());
        AppCommand cmd = new AppCommand();
        cmd.inputs = List.of(project);
        try (Workers workers = new Workers(2); WebServer server = cmd.open(workers).start(0)) {
            JsonNode r = Browser.script("screenshots.mjs", 600, server.url(), "3d", OUT.toString());
            assertFalse(r.has("failure"), () -> r.get("failure").asText());
            System.out.println("screenshots: " + r.get("shots") + " model " + r.get("model"));
        }
    }

    /**
     * Runs along rows of slice {@code z} whose values lie in [lo, hi] and are at least {@code minRun} long, on rows
     * spread over the image, at most {@code max}: as strokes (their middle part, image coordinates) or painted into
     * {@code labels} with {@code label}.
     */
    private static SparseLabels runs(Image img, int z, int lo, int hi, int minRun, int max, int label,
                                     ArrayNode strokes, SparseLabels labels) {
        int H = img.shape().y(), W = img.shape().x(), found = 0;
        int step = Math.max(4, H / (max + 1));
        for (int y = step / 2; y < H && found < max; y += step) {
            int start = -1;
            for (int x = 0; x <= W && found < max; x++) {
                double v = x < W ? img.get(0, z, y, x, 0) : Double.NaN;
                boolean in = v >= lo && v <= hi;
                if (in && start < 0) start = x;
                if (!in && start >= 0) {
                    int len = x - start;
                    if (len >= minRun) {
                        int a = start + len / 5, b = x - 1 - len / 5;
                        if (strokes != null) {
                            ArrayNode pts = strokes.addObject().put("label", label).putArray("points");
                            pts.addArray().add(y).add(a);
                            pts.addArray().add(y).add(b);
                        } else {
                            labels = labels.fill(0, new Box(z, y, a, 1, 1, b - a + 1), label);
                        }
                        found++;
                        break;      // one run per row, so the strokes spread over the image
                    }
                    start = -1;
                }
            }
        }
        return labels;
    }
}

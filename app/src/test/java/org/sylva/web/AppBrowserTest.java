package org.sylva.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.image.Image;
import org.sylva.pixel.PixelClassifier;
import org.sylva.pixel.PixelOutputs;
import org.sylva.project.ProjectFile;
import org.sylva.project.ProjectTraining;
import org.sylva.project.SylvaProject;
import org.sylva.session.TileId;

/**
 * The app in a real browser: open the demo, paint a stroke of each class, live update, the prediction painted in
 * the browser equals the headless prediction for the same labels; save, reopen, reload — the labels are there.
 */
class AppBrowserTest {

    @Test
    void paintLiveUpdateMatchesHeadlessAndSavedLabelsSurviveAReload(@TempDir Path dir) throws Exception {
        Browser.require();
        AppCommand cmd = new AppCommand();
        cmd.demoDir = dir.resolve("demo");
        try (Workers workers = new Workers(2); WebServer server = cmd.open(workers).start(0)) {
            JsonNode r = Browser.script("e2e.mjs", 300, server.url());
            assertFalse(r.has("failure"), () -> "the browser script failed: " + r.get("failure").asText() + "\nsteps: " + r.get("steps"));
            assertEquals(0, r.get("errors").size(), () -> "errors in the page: " + r.get("errors"));
            assertTrue(r.get("changedPixels").asInt() > 1000, "the prediction layer must change the picture: " + r.get("changedPixels"));

            // the labels as saved, and the headless prediction for them
            Path saved = Path.of(r.get("savedFile").asText());
            SylvaProject p = ProjectFile.read(saved).project();
            long labelled = p.labels(0).labelledPixels();
            assertTrue(labelled > r.get("labelledBefore").asLong(), "the strokes are in the saved project");
            assertEquals(labelled, r.get("labelledSaved").asLong());
            assertEquals(labelled, r.get("labelledReloaded").asLong(), "after reopening, the labels are there");
            assertTrue(r.get("labelsSameAfterReload").asBoolean(), "the label layer shows the same labels after the reload");
            assertTrue(p.forestIsCurrent(), "the live classifier is saved with the project");
            assertFalse(r.get("modelAfterReload").isNull(), "the reopened project predicts with its saved classifier");

            PixelClassifier headless = ProjectTraining.train(p, workers, Progress.NONE).project().classifier().orElseThrow();
            Image raw = p.lanes().get(0).read();
            Image probs = headless.probabilities(raw, null, workers, Progress.NONE);
            Image seg = PixelOutputs.simpleSegmentation(probs);
            Image unc = PixelOutputs.uncertainty(probs);
            JsonNode tiles = r.get("prediction");
            assertTrue(tiles.size() > 0);
            int compared = 0;
            for (JsonNode t : tiles) {
                assertFalse(t.get("preview").asBoolean(), "the final picture is the full-resolution prediction");
                assertEquals(r.get("model").get("generation").asLong(), t.get("generation").asLong());
                int K = t.get("classes").asInt(), h = t.get("height").asInt(), w = t.get("width").asInt(), n = h * w;
                int st = 1 << t.get("level").asInt();
                JsonNode data = t.get("data");
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        int y = t.get("row").asInt() * TileId.SIZE * st + i * st, x = t.get("col").asInt() * TileId.SIZE * st + j * st;
                        int o = i * w + j;
                        for (int k = 0; k < K; k++) {
                            int want = Math.round((float) probs.get(0, 0, y, x, k) * 255);
                            assertEquals(want, data.get(k * n + o).asInt(), "probability of class " + (k + 1) + " at y=" + y + " x=" + x);
                        }
                        assertEquals((int) seg.get(0, 0, y, x, 0), data.get(K * n + o).asInt(), "segmentation at y=" + y + " x=" + x);
                        assertEquals(Math.round((float) unc.get(0, 0, y, x, 0) * 255), data.get((K + 1) * n + o).asInt(), "uncertainty at y=" + y + " x=" + x);
                        compared++;
                    }
                }
            }
            assertEquals(raw.shape().y() * raw.shape().x(), compared, "every pixel of the demo image was compared");
            System.out.println("e2e: stroke → prediction painted (ms): " + r.get("latency"));
            assertTrue(Files.exists(saved));
            List<String> steps = new java.util.ArrayList<>();
            r.get("steps").forEach(s -> steps.add(s.asText()));
            assertEquals(List.of("opened", "painted two strokes", "live update painted the prediction", "retrained after a stroke",
                    "saved", "reloaded"), steps);
        }
    }
}

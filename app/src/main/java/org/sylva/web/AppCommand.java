package org.sylva.web;

import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.project.DataLane;
import org.sylva.project.Projects;
import org.sylva.project.SylvaProject;
import org.sylva.session.PixelSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sylva app [PROJECT | IMAGES…]}: the interactive web app. Without arguments it opens the demo project
 * (created in {@code ./sylva-demo} on first use). Serves on 127.0.0.1 only, prints the URL with its session token
 * and opens the browser when there is a display.
 */
@Command(name = "app", mixinStandardHelpOptions = true,
        description = "Opens the interactive app in the browser: a project (.sylva or ilastik's .ilp), or new images "
                + "(a new project), or without arguments the demo project.")
public final class AppCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PROJECT|IMAGES", arity = "0..*",
            description = "A .sylva or .ilp project, or image files for a new project (each file one image).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--port", description = "Port on 127.0.0.1 (default: a free one).")
    int port;

    @Option(names = "--no-browser", description = "Do not open a browser; just print the URL.")
    boolean noBrowser;

    @Option(names = "--demo-dir", paramLabel = "DIR", defaultValue = "sylva-demo",
            description = "Folder of the demo project (default: ${DEFAULT-VALUE}).")
    Path demoDir;

    @Option(names = "--axes", description = "Axes of new images, e.g. zyx (default: from the files).")
    String axes;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Workers workers = threads == null ? Workers.allCores() : new Workers(threads);
        WebServer server = open(workers);
        server.start(port);
        System.out.println("Sylva is running at " + server.url());
        System.out.println("(only this computer can connect; the link holds this session's key. Ctrl+C stops Sylva.)");
        if (!noBrowser) browse(server.url());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            workers.close();
            stop.countDown();
        }));
        stop.await();
        return 0;
    }

    /** The server for the command's inputs (not started). */
    WebServer open(Workers workers) throws IOException {
        Folders folders = new Folders();
        List<String> warnings = new ArrayList<>();
        PixelSession session;
        if (inputs.isEmpty()) {
            Path project = Demo.ensure(demoDir, true).toAbsolutePath();
            folders.add(project.getParent());
            Projects.Opened o = Projects.open(project);
            warnings.addAll(o.warnings());
            session = new PixelSession(o.project(), project, workers, PixelSession.defaultCacheBytes());
        } else if (inputs.size() == 1 && isProject(inputs.get(0))) {
            Path project = inputs.get(0).toAbsolutePath();
            folders.add(project.getParent());
            Projects.Opened o = Projects.open(project);
            warnings.addAll(o.warnings());
            folders.addLaneFolders(o.project());
            session = new PixelSession(o.project(), o.ilp() ? null : project, workers, PixelSession.defaultCacheBytes());
        } else {
            List<DataLane> lanes = new ArrayList<>();
            List<Image> images = new ArrayList<>();
            ReadOptions opts = axes == null ? ReadOptions.DEFAULT : ReadOptions.withAxes(axes);
            for (Path p : inputs) {
                Image img = ImageFiles.read(p.toString(), opts);
                lanes.add(DataLane.of(p.toString(), opts, img));
                images.add(img);
                folders.add(p.toAbsolutePath().getParent());
            }
            SylvaProject project = SylvaProject.create(lanes, defaultFeatures(lanes), LabelClass.numbered(2));
            session = new PixelSession(project, null, workers, PixelSession.defaultCacheBytes());
        }
        return new WebServer(session, folders, workers, warnings);
    }

    /** ilastik's full set, minus the scales too large for the smallest image. */
    private static FeatureSelection defaultFeatures(List<DataLane> lanes) {
        FeatureSelection all = FeatureSelection.all();
        boolean[][] m = all.matrix();
        double[] scales = all.scales();
        for (int j = 0; j < scales.length; j++) {
            int need = (int) Math.ceil(3.5 * scales[j]) + 1;
            for (DataLane l : lanes) {
                if (need > l.shape().y() || need > l.shape().x() || (l.shape().z() > 1 && need > l.shape().z())) {
                    for (boolean[] row : m) row[j] = false;
                }
            }
        }
        return new FeatureSelection(all.ids(), scales, m, null);
    }

    private static boolean isProject(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".sylva") || n.endsWith(".ilp");
    }

    /** Opens the browser if there is a display; never fails. */
    static void browse(String url) {
        try {
            if (!java.awt.GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(URI.create(url));
                return;
            }
        } catch (Throwable e) {
            // fall through to xdg-open
        }
        String display = System.getenv("DISPLAY"), wayland = System.getenv("WAYLAND_DISPLAY");
        if ((display == null || display.isEmpty()) && (wayland == null || wayland.isEmpty())) return;
        try {
            new ProcessBuilder("xdg-open", url).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            // no browser: the printed URL is enough
        }
    }
}

package org.sylva.cli;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sylva.blockwise.Workers;
import org.sylva.objects.classify.ObjectSegmentation;
import org.sylva.pixel.LabelClass;
import org.sylva.project.DataLane;
import org.sylva.project.ObjectLane;
import org.sylva.project.ObjectProject;
import org.sylva.project.ObjectProjectFile;
import org.sylva.project.ProjectFile;
import org.sylva.project.SparseLabels;
import org.sylva.project.SylvaProject;
import org.sylva.project.ilp.IlpFile;
import org.sylva.project.ilp.IlpImport;
import org.sylva.project.ilp.IlpObjectImport;
import org.sylva.project.ilp.IlpObjectProject;
import org.sylva.project.ilp.IlpObjectReader;
import org.sylva.project.ilp.IlpProject;
import org.sylva.project.ilp.IlpReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sylva import}: an ilastik Pixel Classification or Object Classification project as a Sylva project — the
 * same data references, labels (object labels), features, classes, threshold and export settings, and ilastik's
 * trained forest where it still fits. The work is {@link IlpImport}'s and {@link IlpObjectImport}'s; this prints
 * what was imported and the import's report.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Converts an ilastik Pixel Classification or Object Classification project (.ilp, ilastik "
                + "1.2 to 1.4) into a Sylva project (.sylva).",
            "The new project references the same images (data stored inside the .ilp is written to "
                + "<project>_data/ beside it), keeps the labels, features, classes and export settings, and keeps "
                + "ilastik's trained classifier when it fits the features. Anything that could not be carried over "
                + "is listed."},
        footer = {"", "Examples:",
            "  sylva import cells.ilp --project cells.sylva",
            "Then: sylva --headless --project=cells.sylva --export_source=Probabilities --raw_data more/*.tif"})
final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROJECT.ilp", description = "The ilastik project to import.")
    Path ilp;

    @Option(names = "--project", required = true, paramLabel = "FILE.sylva", description = "The project to write.")
    Path project;

    @Option(names = "--overwrite",
            description = "Replace an existing project file (its backup is kept as .bak) and data extracted by an "
                    + "earlier import.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        if (!project.getFileName().toString().endsWith(ProjectFile.EXTENSION)) {
            throw new Main.UserError(project + ": a project file name must end in " + ProjectFile.EXTENSION);
        }
        if (Files.exists(project) && !overwrite) {
            throw new Main.UserError(project + ": exists; give --overwrite to replace it");
        }
        String workflow;
        try (IlpFile f = IlpFile.open(ilp)) {
            workflow = f.workflowName();
        }
        if (IlpObjectReader.isObjectClassification(workflow)) return importObjects();
        IlpProject source = IlpReader.read(ilp);
        IlpImport.Imported imported;
        try {
            imported = IlpImport.convert(source, IlpImport.Options.besideProject(project, overwrite));
        } catch (FileAlreadyExistsException e) {
            throw dataFileExists(e);
        }
        SylvaProject p = ProjectFile.write(imported.project(), project, saveOptions());

        System.out.printf("Imported %s (ilastik %s)%n", ilp, source.version());
        printLanes(p);
        printLabels(p);
        List<String> names = p.featureNames();
        System.out.println("Features: " + (names.isEmpty() ? "" : names.size() + " channels: ") + p.features());
        boolean labelled = p.labels().stream().anyMatch(l -> !l.isEmpty());
        System.out.println("Classifier: " + (p.classifier().isPresent()
                ? "ilastik's trained forest, kept (" + p.forest().forest().treeCount() + " trees)"
                : labelled ? "none; " + p.treeCount() + " trees will be trained from the labels"
                : "none, and no labels to train one"));
        printReportAndSaved(imported.report(), project);
        return 0;
    }

    /** A data file the import would write beside the project is already there. */
    private static Main.UserError dataFileExists(FileAlreadyExistsException e) {
        return new Main.UserError(e.getFile() + ": exists (from an earlier import?); give --overwrite to replace it,"
                + " or choose another project name");
    }

    private ProjectFile.SaveOptions saveOptions() {
        return overwrite ? ProjectFile.SaveOptions.DEFAULT.overwriting() : ProjectFile.SaveOptions.DEFAULT;
    }

    /** An Object Classification project: lanes with their second input, object labels, features, forest. */
    private int importObjects() throws Exception {
        IlpObjectProject source = IlpObjectReader.read(ilp);
        IlpObjectImport.Imported imported;
        try (Workers w = Workers.allCores()) {
            imported = IlpObjectImport.convert(source, IlpImport.Options.besideProject(project, overwrite), w);
        } catch (FileAlreadyExistsException e) {
            throw dataFileExists(e);
        }
        ObjectProject p = ObjectProjectFile.write(imported.project(), project, saveOptions());

        System.out.printf("Imported %s (ilastik %s, %s)%n", ilp, source.version(), source.workflowName());
        System.out.println("Images: " + p.lanes().size());
        for (ObjectLane lane : p.lanes()) {
            System.out.println("  " + lane.name() + ": " + describe(lane.raw()) + "; " + p.segmentation().kind()
                    .description() + ": " + describe(lane.input()));
        }
        System.out.println("Objects: " + p.segmentation().kind().description()
                + (p.segmentation().kind() == ObjectSegmentation.Kind.PREDICTION_MAPS
                ? ", " + p.segmentation().threshold() : ""));
        int[] per = p.labelledPerClass();
        StringBuilder classes = new StringBuilder();
        int total = 0;
        for (int k = 1; k < per.length; k++) {
            LabelClass c = p.classes().get(k - 1);
            total += per[k];
            classes.append(k == 1 ? "" : ", ").append(c.name()).append(String.format(" (#%06x) %d", c.rgb(), per[k]));
        }
        System.out.printf("Object labels: %d labelled objects%s%n", total, classes.length() == 0 ? ", no classes"
                : ": " + classes);
        int features = p.features().plugins().stream().mapToInt(pl -> p.features().names(pl).size()).sum();
        System.out.println("Features: " + features + " (" + String.join(", ", p.features().plugins()) + ")");
        System.out.println("Classifier: " + (p.classifier().isPresent()
                ? "ilastik's trained forest, kept (" + p.forest().forest().treeCount() + " trees)"
                : total > 0 ? "none; " + p.treeCount() + " trees will be trained from the object labels"
                : "none, and no object labels to train one"));
        printReportAndSaved(imported.report(), project);
        return 0;
    }

    /** The import's report lines (what was changed or could not be kept) and the saved project's size. */
    private static void printReportAndSaved(List<String> report, Path project) throws java.io.IOException {
        if (!report.isEmpty()) {
            System.out.println("Report:");
            for (String line : report) System.out.println("  - " + line);
        }
        System.out.printf("Saved %s (%,d bytes)%n", project, Files.size(project));
    }

    private static void printLanes(SylvaProject p) {
        System.out.println("Images: " + p.lanes().size());
        for (DataLane lane : p.lanes()) System.out.println("  " + lane.name() + ": " + describe(lane));
    }

    private static String describe(DataLane lane) {
        var s = lane.shape();
        StringBuilder size = new StringBuilder();
        if (s.t() > 1) size.append(s.t()).append(" time points of ");
        if (s.z() > 1) size.append(s.z()).append("×");
        size.append(s.y()).append("×").append(s.x()).append(", ").append(s.c())
                .append(s.c() == 1 ? " channel" : " channels");
        String where = lane.files().get(0).path() + (lane.internalPath().isEmpty() ? "" : "/" + lane.internalPath())
                + (lane.files().size() > 1 ? " (+" + (lane.files().size() - 1) + " files)" : "");
        String data = lane.isAvailable() ? lane.dtype().numpyName() + ", " + where
                : lane.status().state().name().toLowerCase(java.util.Locale.ROOT) + ": " + where;
        return size + ", " + data;
    }

    private static void printLabels(SylvaProject p) {
        long[] perClass = new long[p.classes().size() + 1];
        for (SparseLabels l : p.labels()) {
            long[] c = l.countsPerLabel();
            for (int k = 1; k < c.length && k < perClass.length; k++) perClass[k] += c[k];
        }
        long total = 0;
        StringBuilder classes = new StringBuilder();
        for (int k = 1; k < perClass.length; k++) {
            LabelClass c = p.classes().get(k - 1);
            total += perClass[k];
            classes.append(k == 1 ? "" : ", ").append(c.name()).append(String.format(" (#%06x) %,d", c.rgb(),
                    perClass[k]));
        }
        System.out.printf("Labels: %,d labelled pixels%s%n", total, classes.length() == 0 ? ", no classes"
                : ": " + classes);
    }
}

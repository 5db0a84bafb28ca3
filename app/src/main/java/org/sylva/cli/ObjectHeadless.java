package org.sylva.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sylva.blockwise.Workers;
import org.sylva.export.ExportFlags;
import org.sylva.export.ExportSettings;
import org.sylva.io.ReadOptions;
import org.sylva.io.DataPath;
import org.sylva.objects.classify.ObjectAnnotations;
import org.sylva.objects.classify.ObjectBatch;
import org.sylva.objects.classify.ObjectClassifier;
import org.sylva.objects.classify.ObjectSegmentation;
import org.sylva.objects.classify.ObjectSource;
import org.sylva.project.ObjectLane;
import org.sylva.project.ObjectProject;
import org.sylva.project.ObjectProjectFile;
import org.sylva.project.ObjectProjectTraining;
import org.sylva.project.ProjectFile;
import org.sylva.project.Projects;
import org.sylva.project.ilp.IlpFile;
import org.sylva.project.ilp.IlpObjectReader;

/**
 * The Object Classification side of {@code sylva --headless} (ilastik's flags, spec §4.5): the project's classifier
 * and segmentation settings applied to each image with its prediction maps, segmentation or label image; image
 * sources and the object table exported. The project is a {@code .sylva} or an ilastik Object Classification
 * {@code .ilp} (imported in memory, {@link Projects#openObjects}); without a current classifier, or with
 * {@code --retrain}, one is trained from the project's object labels first. One image failing does not stop the others (exit code 1 at the end).
 */
final class ObjectHeadless {

    private final HeadlessCommand c;
    private final List<String> inputs;

    ObjectHeadless(HeadlessCommand command, List<String> inputs) {
        this.c = command;
        this.inputs = inputs;
    }

    /** Whether the command line asks for Object Classification: its flags, or an Object Classification project. */
    static boolean applies(HeadlessCommand c) throws IOException {
        if (!c.predictionMaps.isEmpty() || !c.segmentationImages.isEmpty() || !c.labelImages.isEmpty()
                || c.tableFilename != null || c.tableOnly || c.exportObjectPredictionImg || c.exportObjectProbabilityImg) {
            return true;
        }
        for (String s : c.sources) if (s.toLowerCase(Locale.ROOT).startsWith("object")) return true;
        String name = c.project.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(ProjectFile.EXTENSION) && java.nio.file.Files.isRegularFile(c.project)) {
            return ProjectFile.workflow(c.project).equals(ObjectProject.WORKFLOW);
        }
        if (name.endsWith(".ilp") && java.nio.file.Files.isRegularFile(c.project)) {
            try (IlpFile f = IlpFile.open(c.project)) {
                return IlpObjectReader.isObjectClassification(f.workflowName());
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** The project's labels of {@code raw} when it is the raw data of one of the project's lanes, else null. */
    private static ObjectAnnotations labelsOf(ObjectProject p, String raw) {
        Path file;
        try {
            file = DataPath.parse(raw).file().toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return null;
        }
        for (ObjectLane l : p.lanes()) {
            if (l.raw().files().size() == 1 && l.raw().files().get(0).path().toAbsolutePath().normalize().equals(file)
                    && l.raw().internalPath().replaceFirst("^/+", "").equals(DataPath.parse(raw).internalPath().replaceFirst("^/+", ""))) {
                return l.annotations();
            }
        }
        return null;
    }

    int run() throws IOException {
        try (Workers w = c.workers()) {
            return run(w);
        }
    }

    private int run(Workers w) throws IOException {
        Projects.ObjectOpened opened = Projects.openObjects(c.project, w);
        for (String warning : opened.warnings()) System.err.println("sylva: warning: " + warning);
        ObjectProject p = opened.project();
        ObjectSegmentation seg = p.segmentation();
        List<String> second = switch (seg.kind()) {
            case PREDICTION_MAPS -> c.predictionMaps;
            case BINARY -> c.segmentationImages;
            case LABEL_IMAGE -> c.labelImages;
        };
        String flag = switch (seg.kind()) {
            case PREDICTION_MAPS -> "--prediction_maps";
            case BINARY -> "--segmentation_image";
            case LABEL_IMAGE -> "--label_image";
        };
        for (List<String> other : List.of(c.predictionMaps, c.segmentationImages, c.labelImages)) {
            if (other != second && !other.isEmpty()) {
                throw new Main.UserError(c.project + " finds objects in " + seg.kind().description() + "; give them with "
                        + flag + " (one per image)");
            }
        }
        if (inputs.isEmpty() && !c.retrain) {
            throw new Main.UserError("no images to process: give --raw_data IMAGE … " + flag + " …");
        }
        if (!inputs.isEmpty() && second.isEmpty()) {
            throw new Main.UserError(c.project + " finds objects in " + seg.kind().description() + ": give the "
                    + seg.kind().description() + " of each image with " + flag);
        }
        if (second.size() != inputs.size()) {
            throw new Main.UserError("give one " + flag + " per image (got " + inputs.size() + " images and "
                    + second.size() + ")");
        }
        ObjectClassifier classifier = classifier(opened, w);
        if (inputs.isEmpty()) return 0;
        List<ObjectSource> chosen = new ArrayList<>();
        for (String s : c.sources) for (String part : s.split(",")) chosen.add(ObjectSource.parse(part));
        if (c.exportObjectPredictionImg) chosen.add(ObjectSource.PREDICTIONS);
        if (c.exportObjectProbabilityImg) chosen.add(ObjectSource.PROBABILITIES);
        if (chosen.isEmpty() && !c.tableOnly) chosen.add(ObjectSource.PREDICTIONS);
        ExportSettings export = ExportFlags.apply(p.export(), c.exportFlags());
        if (chosen.size() > 1 && !export.filenameTemplate().contains("{result_type}")) {
            throw new Main.UserError("--output_filename_format " + export.filenameTemplate() + ": several export "
                    + "sources need {result_type} in the file name, or they would overwrite each other");
        }
        String table = c.tableFilename != null ? c.tableFilename : p.tableFilename();
        if (c.tableOnly && table == null) {
            throw new Main.UserError("--table_only needs --table_filename (the project has no table settings)");
        }
        String[] axes = c.inputAxes == null ? new String[0] : c.inputAxes.split(",", -1);
        ReadOptions rawOptions = new ReadOptions(axes.length > 0 ? axes[0] : null, c.stackAlong);
        ReadOptions inputOptions = new ReadOptions(axes.length > 1 ? axes[1] : null, c.stackAlong);
        Path folder = c.project.toAbsolutePath().getParent();
        Path baseDir = c.outputFilename != null || c.tableFilename != null ? Path.of("").toAbsolutePath() : folder;
        ObjectBatch.Settings settings;
        try {
            settings = new ObjectBatch.Settings(c.tableOnly ? List.of() : chosen, export, rawOptions, inputOptions,
                    baseDir, table, c.tableMargin, c.tableOnly);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(e.getMessage());
        }
        long start = System.nanoTime();
        int failures = 0, files = 0;
        long objects = 0;
        List<String> failed = new ArrayList<>();
        ObjectBatch batch = new ObjectBatch(classifier, seg, settings, w);
        for (int i = 0; i < inputs.size(); i++) {
            String raw = inputs.get(i);
            long t0 = System.nanoTime();
            try {
                ObjectBatch.Outcome out = batch.process(raw, second.get(i), labelsOf(p, raw));
                files += out.files().size();
                objects += out.objects();
                System.out.printf("[%d/%d] %s: %,d objects -> %s (%.2f s)%n", i + 1, inputs.size(), raw,
                        out.objects(), out.files().isEmpty() ? "(table at the end)"
                                : String.join(", ", out.files().stream().map(Path::toString).toList()),
                        (System.nanoTime() - t0) / 1e9);
            } catch (IOException | IllegalArgumentException e) {
                failures++;
                HeadlessCommand.reportFailure(failed, raw, e);
                if (c.failFast) break;
            }
        }
        for (Path t : batch.finish()) {
            files++;
            System.out.println("Object table: " + t);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int done = inputs.size() - failures;
        System.out.printf("Exported %d file%s for %d of %d image%s (%,d objects) in %.2f s%n", files,
                files == 1 ? "" : "s", done, inputs.size(), inputs.size() == 1 ? "" : "s", objects, seconds);
        if (failures > 0) {
            System.err.printf("sylva: %d image%s failed:%n", failures, failures == 1 ? "" : "s");
            for (String f : failed) System.err.println("  " + f);
            return Main.ERROR;
        }
        return 0;
    }

    /** The project's classifier; trained first when asked (--retrain, --tree-count) or when there is none. */
    private ObjectClassifier classifier(Projects.ObjectOpened opened, Workers w) throws IOException {
        ObjectProject p = opened.project();
        if (c.treeCount != null && c.treeCount != p.treeCount()) {
            if (c.treeCount < 1) throw new Main.UserError("--tree-count must be at least 1 (got " + c.treeCount + ")");
            p = p.withTreeCount(c.treeCount);
        }
        var current = p.classifier();
        if (current.isPresent() && !c.retrain) return current.get();
        int labelled = p.lanes().stream().mapToInt(l -> l.annotations().size()).sum();
        if (!c.retrain) {
            if (labelled == 0) {
                throw new Main.UserError(c.project + ": the project has no trained object classifier and no labelled"
                        + " objects to train one (ilastik refuses too); label objects of at least two classes first");
            }
            System.err.println("sylva: warning: " + c.project + " has no up-to-date object classifier; training one"
                    + " from its " + labelled + " labelled object" + (labelled == 1 ? "" : "s"));
        }
        ObjectProjectTraining.Trained trained;
        try {
            trained = ObjectProjectTraining.train(p, w);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(c.project + ": cannot train: " + e.getMessage());
        }
        var r = trained.result();
        for (var u : r.unmapped()) System.err.println("sylva: warning: a label found no object: " + u);
        int[] per = r.trained().perClass();
        StringBuilder b = new StringBuilder();
        for (int k = 1; k <= p.classes().size(); k++) {
            b.append(k == 1 ? "" : ", ").append(p.classes().get(k - 1).name()).append(' ').append(per[k]);
        }
        System.out.printf("Trained %d trees on %d labelled objects (%s); out-of-bag accuracy %.1f%%%n",
                r.classifier().forest().treeCount(), r.trained().samples(), b, 100 * r.trained().oobAccuracy());
        boolean save = c.readonly != null
                && List.of("false", "0", "no", "off").contains(c.readonly.toLowerCase(Locale.ROOT));
        if (save && !opened.ilp()) {
            ObjectProjectFile.write(trained.project(), c.project);
            System.out.println("Saved " + c.project);
        } else if (c.retrain) {
            System.err.println("sylva: warning: the retrained classifier was not saved (" + (!opened.ilp()
                    ? "read-only: give --readonly false to save it" : "Sylva does not write .ilp files; 'sylva "
                    + "import' turns the project into a .sylva") + ")");
        }
        return r.classifier();
    }
}

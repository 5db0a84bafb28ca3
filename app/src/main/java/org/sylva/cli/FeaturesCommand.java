package org.sylva.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureEngine;
import org.sylva.features.FeatureScaleException;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Image;
import org.sylva.io.AtomicOutput;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.io.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sylva features}: ilastik's pixel features of an image, channels last, as float32. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Computes ilastik's pixel features of an image and writes them channels last (float32), "
                + "in ilastik's channel order.",
            "Output axes: y,x[,z][,t] as ilastik orders them (yxc, zyxc, tyxc, tzyxc)."},
        footer = {"", "Examples:",
            "  sylva features --raw cells.tif --out cells_features.npy",
            "  sylva features --raw stack.tif --axes zyx --features GaussianSmoothing@1.0,"
                + "HessianOfGaussianEigenvalues@3.5 --out f.h5",
            "  sylva features --raw data.h5/volume --in2d --out f.tif"})
final class FeaturesCommand implements Callable<Integer> {

    @Option(names = "--raw", required = true, paramLabel = "IMAGE",
            description = "Input image: tif, png, jpg, npy, h5/hdf5 (file.h5/dataset), or a glob of 2D files.")
    String raw;

    @Option(names = "--axes", paramLabel = "AXES",
            description = "The input's axes in file order, letters from tzyxc (e.g. zyx, cyx); default: the "
                    + "file's metadata, else ilastik's guess.")
    String axes;

    @Option(names = "--stack-along", paramLabel = "AXIS", defaultValue = "z",
            description = "Axis to stack a glob of 2D files along: z, t or c (default: ${DEFAULT-VALUE}).")
    char stackAlong;

    @Option(names = "--features", paramLabel = "LIST", defaultValue = "all",
            description = "'all' (ilastik's full default set: 49 channels in 2D, 61 in 3D) or a comma-separated "
                    + "list of FeatureId@sigma, e.g. GaussianSmoothing@0.3,HessianOfGaussianEigenvalues@1.6. "
                    + "Ids: GaussianSmoothing, LaplacianOfGaussian, GaussianGradientMagnitude, "
                    + "DifferenceOfGaussians, StructureTensorEigenvalues, HessianOfGaussianEigenvalues.")
    String features;

    @Option(names = "--in2d", description = "Compute every scale slice by slice in 2D (for anisotropic stacks).")
    boolean in2d;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Output file: .npy, .h5/.hdf5 (dataset exported_data, or file.h5/dataset), .tif.")
    String out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        FeatureSelection selection;
        try {
            selection = FeatureSelection.parse(features);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError("--features " + features + ": " + e.getMessage());
        }
        if (in2d) selection = selection.in2d();
        Path target = Path.of(out.replaceFirst("(?i)(\\.(h5|hdf5|hdf))/.*$", "$1"));
        ImageFiles.formatFor(target);                 // unknown output format: fail before any work
        AtomicOutput.checkWritableFolder(target);
        char along = Character.toLowerCase(stackAlong);
        Image image = ImageFiles.read(raw, new ReadOptions(axes, along));
        if (image.shape().samples() == 0) throw new Main.UserError(raw + ": the image is empty");
        try {
            selection.checkFits(image.shape());
        } catch (FeatureScaleException e) {
            throw new Main.UserError(raw + ": " + e.getMessage());
        }
        Image result;
        try (Workers workers = threads == null ? Workers.allCores() : new Workers(threads);
             ConsoleProgress progress = ConsoleProgress.open("features")) {
            result = new FeatureEngine(selection, workers).compute(image, progress);
        }
        ImageFiles.write(result, out, WriteOptions.DEFAULT);
        System.out.printf(Locale.ROOT, "%s: %d feature channels of %s written to %s%n", raw, result.shape().c(),
                describe(image), out);
        return 0;
    }

    private static String describe(Image image) {
        StringBuilder sb = new StringBuilder();
        for (char a : image.axes().letters().toCharArray()) {
            if (sb.length() > 0) sb.append('×');
            sb.append(image.shape().get(a));
        }
        return sb + " (" + image.axes() + ", " + image.dtype() + ")";
    }
}

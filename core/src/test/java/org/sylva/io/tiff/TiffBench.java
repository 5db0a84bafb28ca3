package org.sylva.io.tiff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.testing.Python;

/**
 * TIFF read/write speed on ~100 MB stacks, side by side with tifffile on the same files in the same run (the
 * anchor). Not a test: run by hand, see docs/performance.md for the command and the figures.
 */
public final class TiffBench {

    private TiffBench() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("tiffbench");
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try {
            bench(dir, DType.UINT16, 100, 1024, 512, reps);
            bench(dir, DType.FLOAT32, 25, 1024, 1024, reps);
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
    }

    private static void bench(Path dir, DType dtype, int z, int y, int x, int reps) throws IOException {
        Image img = microscopyLike(dtype, z, y, x);
        double mb = img.shape().samples() * dtype.bytes() / 1e6;
        System.out.printf("%s zyx %d×%d×%d, %.0f MB%n", dtype, z, y, x, mb);
        for (boolean compress : new boolean[] {false, true}) {
            Path f = dir.resolve(dtype + (compress ? "-deflate" : "-raw") + ".tif");
            double[] w = new double[reps];
            double[] r = new double[reps];
            for (int i = 0; i < reps + 1; i++) { // first round is warm-up
                long t0 = System.nanoTime();
                TiffWriter.write(img, f, null, compress);
                long t1 = System.nanoTime();
                Image back = TiffReader.read(f);
                long t2 = System.nanoTime();
                if (!back.sameSamples(img)) throw new AssertionError("round trip differs");
                if (i > 0) {
                    w[i - 1] = (t1 - t0) / 1e9;
                    r[i - 1] = (t2 - t1) / 1e9;
                }
            }
            System.out.printf("  Sylva %-12s write %.3f s (%.0f MB/s)  read %.3f s (%.0f MB/s)  file %.1f MB%n",
                    compress ? "Deflate" : "uncompressed", median(w), mb / median(w), median(r), mb / median(r),
                    Files.size(f) / 1e6);
            String py = String.join("\n",
                    "import sys, time, tifffile, numpy as np",
                    "f = sys.argv[1]; reps = int(sys.argv[2]); comp = sys.argv[3].lower() == 'true'",
                    "a = tifffile.imread(f)",
                    "rt = []; wt = []",
                    "for i in range(reps + 1):",
                    "    t0 = time.perf_counter(); a = tifffile.imread(f); t1 = time.perf_counter()",
                    "    tifffile.imwrite(f + '.py.tif', a, imagej=True, compression='zlib' if comp else None,",
                    "                     predictor=comp and a.dtype.kind in 'iu')",
                    "    t2 = time.perf_counter()",
                    "    if i: rt.append(t1 - t0); wt.append(t2 - t1)",
                    "import os; os.remove(f + '.py.tif')",
                    "rt.sort(); wt.sort()",
                    "print('%.3f %.3f' % (wt[len(wt)//2], rt[len(rt)//2]))");
            String[] tf = Python.run(py, f.toString(), String.valueOf(reps), String.valueOf(compress)).trim().split(" ");
            double tw = Double.parseDouble(tf[0]);
            double tr = Double.parseDouble(tf[1]);
            System.out.printf("  tifffile %-9s write %.3f s (%.0f MB/s)  read %.3f s (%.0f MB/s)%n",
                    compress ? "zlib" : "uncompressed", tw, mb / tw, tr, mb / tr);
        }
    }

    /** Smooth blobs plus noise: compresses about like real fluorescence data. */
    private static Image microscopyLike(DType dtype, int z, int y, int x) {
        Image img = Image.create(dtype, Axes.of("zyx"), z, y, x);
        java.util.Random rnd = new java.util.Random(1);
        for (int k = 0; k < z; k++) {
            Object plane = img.plane(0, k);
            for (int j = 0; j < y; j++) {
                for (int i = 0; i < x; i++) {
                    double v = 400 + 300 * Math.sin(i / 37.0 + k / 5.0) * Math.cos(j / 23.0) + rnd.nextInt(40);
                    if (plane instanceof short[] s) s[j * x + i] = (short) v;
                    else ((float[]) plane)[j * x + i] = (float) (v / 7.0);
                }
            }
        }
        return img;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}

package org.sylva.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;

/**
 * Read and write speed of the NumPy and HDF5 formats on a ~100 MB float32 volume, side by side with numpy and h5py
 * on the same files in the same run (the anchors). Not a test: run it by hand and copy the table into
 * docs/performance.md.
 *
 * <pre>
 * mvn -B -q -pl core test-compile
 * mvn -B -q -pl core org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx4g -cp core/target/classes:core/target/test-classes:$(cat /tmp/cp.txt) org.sylva.io.IoBenchmark /tmp/sylva-io-bench
 * </pre>
 */
public final class IoBenchmark {

    private static final int RUNS = 5;

    private IoBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "/tmp/sylva-io-bench"));
        int z = 100, y = 512, x = 512;
        Image im = volume(z, y, x);
        double mb = im.shape().samples() * 4 / 1e6;
        Map<String, Double> java = new LinkedHashMap<>();

        Path npy = dir.resolve("vol.npy");
        Path h5gz = dir.resolve("vol_gzip1.h5");
        Path h5raw = dir.resolve("vol_raw.h5");
        java.put("write npy", time(() -> ImageFiles.write(im, npy, WriteOptions.DEFAULT)));
        java.put("write h5 gzip1 (ilastik chunks)", time(() -> ImageFiles.write(im, h5gz, WriteOptions.DEFAULT)));
        java.put("write h5 uncompressed (ilastik chunks)", time(() -> ImageFiles.write(im, h5raw, new WriteOptions(null, false))));

        // files written by h5py, as ilastik would: same chunks, gzip 1; and a contiguous one
        int[] chunk = Hdf5Format.chunkShape(Axes.of("zyx"), new long[] {z, y, x}, DType.FLOAT32);
        JsonNode py = IoFixtures.python(PYTHON, dir.toString(), String.valueOf(RUNS), Arrays.toString(chunk));

        java.put("read npy", time(() -> ImageFiles.read(npy.toString())));
        java.put("read h5 gzip1 (ours)", time(() -> ImageFiles.read(h5gz.toString())));
        java.put("read h5 uncompressed (ours)", time(() -> ImageFiles.read(h5raw.toString())));
        java.put("read h5 gzip1 (h5py-written)", time(() -> ImageFiles.read(dir.resolve("py_gzip1.h5").toString())));
        java.put("read h5 contiguous (h5py-written)", time(() -> ImageFiles.read(dir.resolve("py_contig.h5").toString())));
        java.put("jhdf getData() h5 gzip1 (h5py-written), for comparison", time(() -> {
            try (HdfFile f = new HdfFile(dir.resolve("py_gzip1.h5"))) {
                f.getDatasetByPath("exported_data").getData();
            }
        }));

        System.out.printf(Locale.ROOT, "%d×%d×%d float32 = %.1f MB, chunks %s, %d runs (median), %d cores, Java %s%n",
                z, y, x, mb, Arrays.toString(chunk), RUNS, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-56s %8s %9s%n", "operation", "seconds", "MB/s");
        java.forEach((k, v) -> System.out.printf(Locale.ROOT, "Sylva  %-49s %8.3f %9.0f%n", k, v, mb / v));
        py.fields().forEachRemaining(e -> System.out.printf(Locale.ROOT, "Python %-49s %8.3f %9.0f%n",
                e.getKey(), e.getValue().asDouble(), mb / e.getValue().asDouble()));
        for (String f : new String[] {"vol.npy", "vol_gzip1.h5", "vol_raw.h5", "py_gzip1.h5", "py_contig.h5"}) {
            System.out.printf(Locale.ROOT, "size %-16s %8.1f MB%n", f, Files.size(dir.resolve(f)) / 1e6);
        }
    }

    /** A smooth probability-like field with a little noise: compresses like real prediction maps, not like noise. */
    static Image volume(int z, int y, int x) {
        Image im = Image.create(DType.FLOAT32, Axes.of("zyx"), z, y, x);
        java.util.Random r = new java.util.Random(1);
        for (int k = 0; k < z; k++) {
            float[] p = (float[]) im.plane(0, k);
            for (int j = 0; j < y; j++) {
                for (int i = 0; i < x; i++) {
                    double v = 0.5 + 0.5 * Math.sin(i / 17.0) * Math.cos(j / 23.0) * Math.sin(k / 11.0);
                    p[j * x + i] = (float) Math.min(1, Math.max(0, v + r.nextGaussian() * 1e-3));
                }
            }
        }
        return im;
    }

    @FunctionalInterface
    private interface Op {
        void run() throws IOException;
    }

    private static double time(Op op) throws IOException {
        op.run(); // warm-up
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            System.gc();
            long s = System.nanoTime();
            op.run();
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        Arrays.sort(t);
        return t[RUNS / 2];
    }

    private static final String PYTHON = String.join("\n",
            "import sys, time, json, statistics, numpy as np, h5py",
            "d, runs, chunk = sys.argv[1], int(sys.argv[2]), tuple(json.loads(sys.argv[3]))",
            "def t(f):",
            "    f(); ts = []",
            "    for _ in range(runs):",
            "        s = time.perf_counter(); f(); ts.append(time.perf_counter() - s)",
            "    return statistics.median(ts)",
            "a = np.load(d + '/vol.npy')",
            "def w_gz():",
            "    with h5py.File(d + '/py_gzip1.h5', 'w') as f:",
            "        f.create_dataset('exported_data', data=a, chunks=chunk, compression='gzip', compression_opts=1)",
            "def w_contig():",
            "    with h5py.File(d + '/py_contig.h5', 'w') as f: f.create_dataset('exported_data', data=a)",
            "def r(name):",
            "    def go():",
            "        with h5py.File(d + '/' + name, 'r') as f: f['exported_data'][()]",
            "    return go",
            "out = {}",
            "out['numpy.save npy'] = t(lambda: np.save(d + '/py.npy', a))",
            "out['h5py write h5 gzip1 (same chunks)'] = t(w_gz)",
            "out['h5py write h5 contiguous'] = t(w_contig)",
            "out['numpy.load npy'] = t(lambda: np.load(d + '/vol.npy'))",
            "out['h5py read h5 gzip1 (ours)'] = t(r('vol_gzip1.h5'))",
            "out['h5py read h5 uncompressed (ours)'] = t(r('vol_raw.h5'))",
            "out['h5py read h5 gzip1 (h5py-written)'] = t(r('py_gzip1.h5'))",
            "out['h5py read h5 contiguous (h5py-written)'] = t(r('py_contig.h5'))",
            "print(json.dumps(out))");
}

package org.sylva.project.ilp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.zip.GZIPInputStream;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/** The .ilp test inputs: ilastik's projects in ../shared, committed references, synthetic projects made by h5py. */
final class IlpFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path synthetic;

    private IlpFixtures() {}

    static Path pixel(String name) {
        return Shared.path("fixtures/ilastik/pixel/" + name);
    }

    static Path object(String name) {
        return Shared.path("fixtures/ilastik/object/" + name);
    }

    static Path cells(String name) {
        return Shared.path("data/ilastik_2d_cells_apoptotic/" + name);
    }

    /** A committed test resource under {@code /ilp/}. */
    static Path resource(String name) {
        try {
            return Path.of(IlpFixtures.class.getResource("/ilp/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing test resource /ilp/" + name, e);
        }
    }

    /** A reference array ({@code .npy} or {@code .npy.gz}) read with Sylva's npy reader (numpy's C order). */
    static Image npy(Path file, Path tmp) throws IOException {
        if (!file.toString().endsWith(".gz")) return ImageFiles.read(file.toString());
        Path plain = tmp.resolve(file.getFileName().toString().replaceFirst("\\.gz$", ""));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            Files.copy(in, plain);
        }
        return ImageFiles.read(plain.toString());
    }

    /** The synthetic projects of {@code synthetic_projects.py}, written once per test run into a temporary folder. */
    static synchronized Path synthetic() {
        if (synthetic == null) {
            try {
                Path dir = Files.createTempDirectory("sylva-ilp");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Python.run(Files.readString(resource("synthetic_projects.py")), dir.toString());
                synthetic = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return synthetic;
    }

    /**
     * What h5py reads from a project (the independent reference for the reader): version, workflow, lanes (per role
     * the class, filePath, nickname, axes, shape, …), feature selection, label names and colours, forests,
     * export settings.
     */
    static JsonNode h5py(Path project) throws IOException {
        return JSON.readTree(Python.run(DUMP, project.toString()));
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private static final String DUMP = String.join("\n",
            "import h5py, json, sys, numpy as np",
            "def t(v):",
            "    if isinstance(v, bytes): return v.decode('utf-8')",
            "    if isinstance(v, np.ndarray): return [t(x) for x in v.tolist()]",
            "    if isinstance(v, list): return [t(x) for x in v]",
            "    if isinstance(v, np.generic): return v.item()",
            "    return v",
            "def listslot(g, name):",
            "    d = g.get(name) if g is not None else None",
            "    return None if d is None or d.attrs.get('isEmpty', False) else t(d[()])",
            "out = {}",
            "with h5py.File(sys.argv[1], 'r') as h:",
            "    out['version'] = t(h['ilastikVersion'][()])",
            "    out['workflow'] = t(h['workflowName'][()])",
            "    fs = h.get('FeatureSelections')",
            "    if fs is not None and 'FeatureIds' in fs:",
            "        out['ids'] = t(fs['FeatureIds'][()])",
            "        out['scales'] = fs['Scales'][()].tolist()",
            "        out['matrix'] = fs['SelectionMatrix'][()].tolist()",
            "        out['in2d'] = fs['ComputeIn2d'][()].tolist() if 'ComputeIn2d' in fs else None",
            "    pc = h.get('PixelClassification')",
            "    out['labelNames'] = listslot(pc, 'LabelNames')",
            "    out['labelColors'] = listslot(pc, 'LabelColors')",
            "    out['pmapColors'] = listslot(pc, 'PmapColors')",
            "    cf = pc.get('ClassifierForests') if pc is not None else None",
            "    if cf is not None:",
            "        out['featureNames'] = t(cf['feature_names'][()]) if 'feature_names' in cf else []",
            "        out['knownLabels'] = cf['known_labels'][()].tolist()",
            "        forests = [k for k in cf if k.startswith('Forest')]",
            "        out['trees'] = sum(len([k for k in cf[f] if k.startswith('Tree')]) for f in forests)",
            "    sets = pc.get('LabelSets') if pc is not None else None",
            "    out['blocks'] = [len(sets[k]) for k in sorted(sets)] if sets is not None else []",
            "    infos = h.get('Input Data/infos')",
            "    out['roleNames'] = t(h['Input Data/Role Names'][()]) if 'Input Data/Role Names' in h else []",
            "    lanes = []",
            "    for name in (sorted(infos) if infos is not None else []):",
            "        roles = {}",
            "        for role, g in infos[name].items():",
            "            if len(g) == 0: continue",
            "            d = {k: t(g[k][()]) for k in g if k in ('__class__', 'filePath', 'nickname', 'shape',",
            "                 'axisorder', 'inner_path', 'display_mode', 'allowLabels', 'fromstack', 'drange')}",
            "            if 'axistags' in g:",
            "                d['axes'] = ''.join(a['key'] for a in json.loads(t(g['axistags'][()]))['axes'])",
            "            roles[role] = d",
            "        lanes.append(roles)",
            "    out['lanes'] = lanes",
            "    pe = h.get('Prediction Export')",
            "    out['export'] = {k: t(pe[k][()]) for k in pe} if pe is not None else None",
            "print(json.dumps(out))");
}

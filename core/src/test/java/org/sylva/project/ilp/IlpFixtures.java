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

    /**
     * What h5py reads from an Object Classification project: header, lanes, threshold settings, computed and
     * selected features with margins, classes, object labels, forests, export and blockwise settings, the cached
     * object-id images (t, z, y, x, flat) and object probabilities.
     */
    static JsonNode h5pyObject(Path project) throws IOException {
        return JSON.readTree(Python.run(DUMP_OBJECT, project.toString()));
    }

    /** The scripts' imports and {@code t}, which turns h5py values (bytes, arrays, numpy scalars) into JSON ones. */
    private static final String PRELUDE = String.join("\n",
            "import h5py, json, sys, numpy as np",
            "def t(v):",
            "    if isinstance(v, bytes): return v.decode('utf-8')",
            "    if isinstance(v, np.ndarray): return [t(x) for x in v.tolist()]",
            "    if isinstance(v, list): return [t(x) for x in v]",
            "    if isinstance(v, np.generic): return v.item()",
            "    return v");

    private static final String DUMP_OBJECT = String.join("\n",
            PRELUDE,
            "def feats(g):",
            "    if g is None: return None",
            "    if list(g.keys()) == ['0']: g = g['0']",
            "    return {p: {f: (g[p][f]['margin'][()].tolist() if isinstance(g[p][f], h5py.Group) and 'margin' in g[p][f]",
            "                    else None) for f in g[p]} for p in g}",
            "out = {}",
            "with h5py.File(sys.argv[1], 'r') as h:",
            "    out['version'] = t(h['ilastikVersion'][()])",
            "    out['workflow'] = t(h['workflowName'][()])",
            "    out['roleNames'] = t(h['Input Data/Role Names'][()])",
            "    infos = h['Input Data/infos']",
            "    out['lanes'] = [{role: {k: t(g[k][()]) for k in g if k in ('filePath', 'nickname', 'axisorder')}",
            "                     for role, g in infos[name].items() if len(g)} for name in sorted(infos)]",
            "    th = h.get('ThresholdTwoLevels')",
            "    if th is not None:",
            "        out['threshold'] = {k: t(th[k][()]) for k in th if isinstance(th[k], h5py.Dataset)",
            "                            and k != 'StorageVersion'}",
            "        out['threshold']['sigma'] = {k: float(th['SmootherSigma'][k][()]) for k in th['SmootherSigma']}",
            "    out['computed'] = feats(h.get('ObjectExtraction/Features'))",
            "    oc = h['ObjectClassification']",
            "    out['selected'] = feats(oc.get('SelectedFeatures'))",
            "    for k in ('LabelNames', 'LabelColors', 'PmapColors'):",
            "        out[k] = t(oc[k][()]) if k in oc and not oc[k].attrs.get('isEmpty', False) else None",
            "    li = oc.get('LabelInputs')",
            "    out['labels'] = [[oc['LabelInputs'][lane][str(i)][()].astype(int).tolist()",
            "                      for i in range(max(int(k) for k in li[lane]) + 1)] for lane in sorted(li)] if li else []",
            "    cf = oc.get('ClassifierForests')",
            "    if cf is not None:",
            "        out['knownLabels'] = cf['known_labels'][()].tolist()",
            "        out['trees'] = sum(len([k for k in cf[f] if k.startswith('Tree')]) for f in cf if f.startswith('Forest'))",
            "    cp = oc.get('CachedProbabilities')",
            "    out['probabilities'] = {lane: {k: cp[lane][k][()].tolist() for k in cp[lane]} for lane in cp} if cp else {}",
            "    ex = h.get('Object Information Export')",
            "    out['export'] = {k: t(ex[k][()]) for k in ex} if ex is not None else None",
            "    bw = h.get('Blockwise Object Classification')",
            "    if bw is not None:",
            "        out['blockShape'] = [int(bw['BlockShape3dDict'][k][()]) for k in 'xyz']",
            "        out['halo'] = [int(bw['HaloPadding3dDict'][k][()]) for k in 'xyz']",
            "    ids = []",
            "    li2 = h.get('ObjectExtraction/LabelImage_v2')",
            "    for lane in (sorted(li2) if li2 is not None else []):",
            "        blocks = li2[lane]",
            "        stops = [[int(x.split(':')[1]) for x in blocks[b].attrs['blockSlice'].strip('[]').split(',')] for b in blocks]",
            "        shape = [max(s[i] for s in stops) for i in range(5)]",
            "        img = np.zeros(shape, np.uint32)",
            "        for b in blocks:",
            "            sl = tuple(slice(*map(int, x.split(':'))) for x in blocks[b].attrs['blockSlice'].strip('[]').split(','))",
            "            img[sl] = blocks[b][()]",
            "        tzyx = img[..., 0].transpose(0, 3, 2, 1)",
            "        ids.append({'shape': list(tzyx.shape), 'values': tzyx.ravel().tolist()})",
            "    out['objectIds'] = ids",
            "print(json.dumps(out))");

    private static final String DUMP = String.join("\n",
            PRELUDE,
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

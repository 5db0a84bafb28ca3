package org.sylva.project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/**
 * The format is what docs/project-format.md says: a Python reader written from that page alone (zipfile, json,
 * struct, hashlib, numpy) rebuilds the labels of a project written by Sylva voxel for voxel, verifies the data
 * file's checksum and the forest's header and CRC.
 */
class ProjectFormatPythonTest {

    @TempDir
    Path dir;

    private static final String READER = """
            import hashlib, json, struct, sys, zipfile, zlib
            import numpy as np, tifffile
            project, scribbles = sys.argv[1], sys.argv[2]
            z = zipfile.ZipFile(project)
            assert z.namelist()[0] == 'manifest.json'
            m = json.loads(z.read('manifest.json').decode('utf-8'))
            assert m['format'] == 'sylva-project' and m['version'] == 2 and m['workflow'] == 'Pixel Classification'
            lane = m['lanes'][0]
            dims = dict(zip(lane['axes'], lane['shape']))
            T, Z, Y, X = (dims.get(a, 1) for a in 'tzyx')
            labels = np.zeros((T, Z, Y, X), np.uint8)
            names = [n for n in z.namelist() if n.startswith(lane['labels']['folder'])]
            assert len(names) == lane['labels']['blocks']
            for n in names:
                b = z.read(n)
                assert b[:4] == b'SYLB'
                t, z0, y0, x0, d, h, w = struct.unpack('<7i', b[4:32])
                assert n.endswith('/%d-%d-%d-%d.bin' % (t, z0, y0, x0))
                v = np.frombuffer(b[32:], np.uint8).reshape(d, h, w)
                labels[t, z0:z0 + d, y0:y0 + h, x0:x0 + w] = v
            expected = tifffile.imread(scribbles)
            assert (labels[0, 0] == expected).all(), 'labels differ'
            assert int((labels > 0).sum()) == lane['labels']['labelledPixels']
            assert [int((labels == k + 1).sum()) for k in range(len(m['classes']))] == lane['labels']['perClass']
            # the data file's fingerprint: SHA-256 of the size (int64 LE), the first MiB, the rest up to the last MiB
            f = lane['files'][0]
            import os
            path = os.path.join(os.path.dirname(project), f['path'])
            data = open(path, 'rb').read()
            assert len(data) == f['size']
            head = data[:1 << 20]
            tail = data[max(len(head), len(data) - (1 << 20)):]
            digest = hashlib.sha256(struct.pack('<q', len(data)) + head + tail).hexdigest()
            assert f['checksum'] == 'sha256-head-tail-1MiB:' + digest, (f['checksum'], digest)
            # the forest: ForestCodec's header and CRC-32
            rf = z.read(m['forest']['entry'])
            magic, version, length, crc = struct.unpack('<8siqq', rf[:28])
            assert magic == b'SYLVA-RF' and version == 1 and length == len(rf) - 28
            assert zlib.crc32(rf[28:]) == crc
            features, classes = struct.unpack('<ii', rf[28:36])
            assert features == len(m['forest']['featureNames']) and classes == len(m['classes'])
            print('ok', len(names), int((labels > 0).sum()))
            """;

    @Test
    void aReaderWrittenFromTheDocumentationReadsOurFiles() throws Exception {
        SylvaProject p = ProjectFixtures.trained(ProjectFixtures.blobs(dir.resolve("data/blobs.tif")));
        Path file = dir.resolve("blobs.sylva");
        ProjectFile.write(p, file);
        String out = Python.run(READER, file.toString(), Shared.path(ProjectFixtures.BLOBS_SCRIBBLES).toString()).trim();
        assertEquals("ok " + p.labels(0).blockCount() + " 1098", out);
    }
}

package org.sylva.session;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.sylva.image.Box;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.project.LabelBlock;
import org.sylva.project.SparseLabels;

/** Connected groups of labelled pixels of one class: what the label explorer lists. */
final class LabelGroups {

    private LabelGroups() {}

    static List<Stroke> of(int lane, SparseLabels labels, int max) {
        List<Stroke> out = new ArrayList<>();
        if (labels.isEmpty()) return out;
        Shape s = labels.shape();
        Image img = labels.toImage();
        int Y = s.y(), X = s.x(), Z = s.z();
        int plane = Y * X;
        byte[][] planes = new byte[s.t() * Z][];
        for (int t = 0; t < s.t(); t++) for (int z = 0; z < Z; z++) planes[t * Z + z] = (byte[]) img.plane(t, z);
        BitSet seen = new BitSet();
        int[] queue = new int[1024];
        for (LabelBlock b : labels.blocks()) {
            int t = b.t();
            Box bx = b.box();
            for (int z = bx.z0(); z < bx.z0() + bx.depth(); z++) {
                for (int y = bx.y0(); y < bx.y0() + bx.height(); y++) {
                    for (int x = bx.x0(); x < bx.x0() + bx.width(); x++) {
                        int v = planes[t * Z + z][y * X + x] & 0xff;
                        long gi = ((long) t * Z + z) * plane + (long) y * X + x;
                        if (v == 0 || seen.get((int) gi)) continue;
                        // breadth-first over the group (indices within the time point)
                        int head = 0, tail = 0;
                        queue[tail++] = z * plane + y * X + x;
                        seen.set((int) gi);
                        int z0 = z, z1 = z, y0 = y, y1 = y, x0 = x, x1 = x;
                        long count = 0;
                        while (head < tail) {
                            int i = queue[head++];
                            count++;
                            int cz = i / plane, cy = (i / X) % Y, cx = i % X;
                            z0 = Math.min(z0, cz); z1 = Math.max(z1, cz);
                            y0 = Math.min(y0, cy); y1 = Math.max(y1, cy);
                            x0 = Math.min(x0, cx); x1 = Math.max(x1, cx);
                            int[][] nb = {{cz, cy, cx - 1}, {cz, cy, cx + 1}, {cz, cy - 1, cx}, {cz, cy + 1, cx},
                                {cz - 1, cy, cx}, {cz + 1, cy, cx}};
                            for (int[] n : nb) {
                                if (n[0] < 0 || n[0] >= Z || n[1] < 0 || n[1] >= Y || n[2] < 0 || n[2] >= X) continue;
                                int j = n[0] * plane + n[1] * X + n[2];
                                int gj = (int) ((long) t * Z * plane + j);
                                if (seen.get(gj) || (planes[t * Z + n[0]][n[1] * X + n[2]] & 0xff) != v) continue;
                                seen.set(gj);
                                if (tail == queue.length) {
                                    // compact the consumed head before growing
                                    System.arraycopy(queue, head, queue, 0, tail - head);
                                    tail -= head;
                                    head = 0;
                                    if (tail == queue.length) queue = java.util.Arrays.copyOf(queue, queue.length * 2);
                                }
                                queue[tail++] = j;
                            }
                        }
                        out.add(new Stroke(lane, v, t, z0, y0, x0, z1 - z0 + 1, y1 - y0 + 1, x1 - x0 + 1, count, z, y, x));
                    }
                }
            }
        }
        out.sort(Comparator.comparingInt(Stroke::label).thenComparingInt(Stroke::t).thenComparingInt(Stroke::z0)
                .thenComparingInt(Stroke::y0).thenComparingInt(Stroke::x0));
        return out.size() > max ? new ArrayList<>(out.subList(0, max)) : out;
    }
}

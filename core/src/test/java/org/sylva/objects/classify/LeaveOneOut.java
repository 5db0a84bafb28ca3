package org.sylva.objects.classify;

import java.util.ArrayList;
import java.util.List;
import org.sylva.forest.TrainingOptions;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.objects.features.ObjectFeatureTable;
import org.sylva.pixel.LabelClass;

/** Leave-one-out evaluation of an object classifier: each labelled object is predicted by a forest trained without it. */
final class LeaveOneOut {

    private LeaveOneOut() {}

    /** {@code hits[k]} / {@code totals[k]}: held-out objects of class k predicted correctly / held out. */
    record Score(int[] hits, int[] totals) {
        double accuracy(int k) { return hits[k] / (double) totals[k]; }

        double overall() {
            int h = 0, n = 0;
            for (int k = 1; k < hits.length; k++) { h += hits[k]; n += totals[k]; }
            return h / (double) n;
        }
    }

    static Score run(List<ObjectFeatureTable> tables, List<int[]> labels, ObjectFeatureSelection selection,
                     List<LabelClass> classes, TrainingOptions options) {
        int K = classes.size();
        int[] hits = new int[K + 1], totals = new int[K + 1];
        for (int ti = 0; ti < tables.size(); ti++) {
            int[] l = labels.get(ti);
            for (int id = 1; id < l.length; id++) {
                if (l[id] == 0) continue;
                List<int[]> without = new ArrayList<>();
                for (int[] x : labels) without.add(x.clone());
                without.get(ti)[id] = 0;
                ObjectClassifier c = ObjectClassifier.train(tables, without, selection, classes, options).classifier();
                int predicted = c.predict(tables.get(ti), 1).predicted(id);
                totals[l[id]]++;
                if (predicted == l[id]) hits[l[id]]++;
            }
        }
        return new Score(hits, totals);
    }
}

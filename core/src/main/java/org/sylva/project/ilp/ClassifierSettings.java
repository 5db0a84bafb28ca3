package org.sylva.project.ilp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The random-forest settings ilastik pickles in a classifier applet's {@code ClassifierFactory} (spec §6.4):
 * ilastik's {@code ParallelVigraRfLazyflowClassifierFactory} trains {@code forests} vigra forests of
 * {@code trees / forests} trees each (100 trees in 8 forests by default). Read with regular expressions from the
 * protocol-0 pickle text, as ilastik's own {@code legacyClassifiers.py} does.
 *
 * @param factoryClass the pickled class name, e.g. {@code ParallelVigraRfLazyflowClassifierFactory}
 * @param trees total number of trees ({@code _num_trees}), or 0 if not stored
 * @param forests number of forests ({@code _num_forests}), or 0 if not stored
 */
public record ClassifierSettings(String factoryClass, int trees, int forests) {

    private static final Pattern CLASS = Pattern.compile("\\(c[\\w.]+\\n(\\w+)\\n");
    private static final Pattern TREES = Pattern.compile("(?:V|S')_num_trees'?\\n(?:[pg]\\d+\\n)?I(\\d+)");
    private static final Pattern FORESTS = Pattern.compile("(?:V|S')_num_forests'?\\n(?:[pg]\\d+\\n)?I(\\d+)");

    /** Parses the pickle text; null if it names no class. */
    static ClassifierSettings parse(String pickle) {
        Matcher c = CLASS.matcher(pickle);
        if (!c.find()) return null;
        return new ClassifierSettings(c.group(1), number(TREES, pickle), number(FORESTS, pickle));
    }

    private static int number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) return 0;
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

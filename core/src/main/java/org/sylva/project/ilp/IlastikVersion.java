package org.sylva.project.ilp;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ilastik version as stored in a project's {@code ilastikVersion} ({@code 1.2.2rc4}, {@code 1.3.3post2},
 * {@code 1.4.0b7}, {@code 1.4.1b16.dev34+g60b582f5c}), ordered as Python's {@code packaging} orders PEP 440
 * versions — the comparison ilastik itself uses ({@code parse_version}) to pick the axis order of stored labels
 * (spec §6.4): {@code 1.4.0.dev1 < 1.4.0a1 < 1.4.0b7 < 1.4.0rc1 < 1.4.0 < 1.4.0.post1}; the local part
 * ({@code +g60b582f5c}) only breaks ties.
 *
 * @param text the version as stored
 */
public record IlastikVersion(String text) implements Comparable<IlastikVersion> {

    private static final Pattern PEP440 = Pattern.compile(
            "v?(\\d+(?:\\.\\d+)*)"                                  // release
            + "(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\\d*))?" // pre-release
            + "(?:-(\\d+)|[-_.]?(?:post|rev|r)[-_.]?(\\d*))?"        // post-release
            + "(?:[-_.]?dev[-_.]?(\\d*))?"                           // development release
            + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?");             // local version

    /** First version whose label blocks may be stored in the raw data's original axis order (spec §6.4). */
    public static final IlastikVersion V1_3_3 = parse("1.3.3");
    /** See {@link #V1_3_3}. */
    public static final IlastikVersion V1_3_3_POST2 = parse("1.3.3post2");
    /** Last version that stored label blocks in the raw data's original axis order. */
    public static final IlastikVersion V1_4_0B7 = parse("1.4.0b7");

    private static final long NONE_LOW = Long.MIN_VALUE;
    private static final long NONE_HIGH = Long.MAX_VALUE;

    /**
     * Parses a version; text that is not PEP 440 (e.g. ilastik 0.5's numeric {@code 0.5} is, but {@code unknown} is
     * not) still yields a version, ordered before every PEP 440 version, as {@code packaging}'s legacy versions were.
     */
    public static IlastikVersion parse(String text) {
        return new IlastikVersion(text == null ? "" : text.trim());
    }

    /** True if this version is PEP 440 (every ilastik 1.x version is). */
    public boolean isValid() {
        return PEP440.matcher(text.toLowerCase(Locale.ROOT)).matches();
    }

    /** True if {@code from <= this < to}. */
    public boolean inRange(IlastikVersion from, IlastikVersion to) {
        return compareTo(from) >= 0 && compareTo(to) < 0;
    }

    @Override
    public int compareTo(IlastikVersion o) {
        Key a = key(), b = o.key();
        if (a == null || b == null) {
            if (a == null && b == null) return text.compareTo(o.text);
            return a == null ? -1 : 1;
        }
        int n = Math.max(a.release.length, b.release.length);
        for (int i = 0; i < n; i++) {
            long x = i < a.release.length ? a.release[i] : 0;
            long y = i < b.release.length ? b.release[i] : 0;
            if (x != y) return Long.compare(x, y);
        }
        int c = compare(a.pre, b.pre);
        if (c != 0) return c;
        c = Long.compare(a.post, b.post);
        if (c != 0) return c;
        c = Long.compare(a.dev, b.dev);
        if (c != 0) return c;
        return a.local.compareTo(b.local);
    }

    @Override
    public String toString() { return text; }

    /** The comparison key of packaging's {@code _cmpkey}; null if not PEP 440. */
    private Key key() {
        Matcher m = PEP440.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) return null;
        long[] release = Arrays.stream(m.group(1).split("\\.")).mapToLong(Long::parseLong).toArray();
        long[] pre = null;
        if (m.group(2) != null) {
            String kind = m.group(2);
            int rank = kind.startsWith("a") ? 0 : kind.startsWith("b") ? 1 : 2; // c, rc, pre, preview are rc
            pre = new long[] {rank, m.group(3).isEmpty() ? 0 : Long.parseLong(m.group(3))};
        }
        boolean hasPost = m.group(4) != null || m.group(5) != null;
        long post = !hasPost ? NONE_LOW
                : m.group(4) != null ? Long.parseLong(m.group(4))
                : m.group(5).isEmpty() ? 0 : Long.parseLong(m.group(5));
        boolean hasDev = m.group(6) != null;
        long dev = hasDev ? (m.group(6).isEmpty() ? 0 : Long.parseLong(m.group(6))) : NONE_HIGH;
        if (pre == null) {
            // a development release of a final version sorts before its pre-releases; a final after them
            pre = !hasPost && hasDev ? new long[] {-1, 0} : new long[] {3, 0};
        }
        return new Key(release, pre, post, dev, m.group(7) == null ? "" : m.group(7));
    }

    private static int compare(long[] a, long[] b) {
        int c = Long.compare(a[0], b[0]);
        return c != 0 ? c : Long.compare(a[1], b[1]);
    }

    private record Key(long[] release, long[] pre, long post, long dev, String local) {}
}

package org.sylva.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The few Python literals ilastik's export flags are written in (ilastik {@code eval}s them): numbers, {@code None},
 * and tuples or lists of those, nested. Integers become {@link Long}, floats {@link Double}, {@code None}
 * {@link #NONE}, tuples and lists {@link List}. Nothing is evaluated: anything else is a {@link FlagException}.
 */
final class PyLiteral {

    /** Python's {@code None}. */
    static final Object NONE = new Object() {
        @Override public String toString() { return "None"; }
    };

    // Python 3 integer and float literals (underscores between digits allowed, as Python does).
    private static final String DIGITS = "\\d(?:_?\\d)*";
    private static final Pattern INT = Pattern.compile("(?:[1-9](?:_?\\d)*|0(?:_?0)*|0[xX](?:_?[0-9a-fA-F])+"
            + "|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+)");
    private static final Pattern FLOAT = Pattern.compile("(?:(?:" + DIGITS + ")?\\." + DIGITS + "|" + DIGITS + "\\.)"
            + "(?:[eE][+-]?" + DIGITS + ")?|" + DIGITS + "[eE][+-]?" + DIGITS);

    private final String text;
    private final String flag;
    private int pos;

    private PyLiteral(String text, String flag) {
        this.text = text;
        this.flag = flag;
    }

    /** Parses one literal filling the whole text (surrounding white space allowed). */
    static Object parse(String text, String flag) {
        if (text == null) throw new FlagException(flag, "no value given");
        PyLiteral p = new PyLiteral(text, flag);
        p.skipSpace();
        if (p.pos == text.length()) throw new FlagException(flag, "no value given");
        Object v = p.value(true);
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("unexpected '" + text.substring(p.pos) + "'");
        return v;
    }

    /** A pair of numbers, e.g. {@code (0.0, 1.0)}; a bare {@code 0, 1} is a tuple in Python too. */
    static DataRange range(String text, String flag) {
        Object v = parse(text, flag);
        String expect = "expected a pair (min, max) such as (0.0, 1.0) or (0, 255), got '" + (text == null ? "" : text.trim()) + "'";
        if (!(v instanceof List<?> l) || l.size() != 2) throw new FlagException(flag, expect);
        for (Object o : l) {
            if (!(o instanceof Number)) throw new FlagException(flag, expect + " (" + o + " is not a number)");
            if (o instanceof Double d && !Double.isFinite(d)) throw new FlagException(flag, expect + " (" + o + " is too large)");
        }
        return new DataRange((Number) l.get(0), (Number) l.get(1));
    }

    private Object value(boolean top) {
        Object first = item();
        if (!top) return first;
        // a bare "0, 1" or "(0, 0), (5, 5)" is a tuple, as in Python
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != ',') return first;
        List<Object> items = new ArrayList<>();
        items.add(first);
        while (pos < text.length() && text.charAt(pos) == ',') {
            pos++;
            skipSpace();
            if (pos == text.length()) break;
            items.add(item());
            skipSpace();
        }
        return items;
    }

    /** One number, None, tuple or list. */
    private Object item() {
        skipSpace();
        if (pos >= text.length()) throw error("the text ends too early");
        char ch = text.charAt(pos);
        if (ch != '(' && ch != '[') return scalar();
        char close = ch == '(' ? ')' : ']';
        pos++;
        List<Object> items = new ArrayList<>();
        boolean comma = false;
        while (true) {
            skipSpace();
            if (pos >= text.length()) throw error("missing '" + close + "'");
            if (text.charAt(pos) == close) {
                pos++;
                // "(5)" is just 5 in Python; "(5,)" is a tuple
                if (ch == '(' && items.size() == 1 && !comma) return items.get(0);
                return items;
            }
            if (!items.isEmpty() && !comma) throw error("expected ',' or '" + close + "' at '" + text.substring(pos) + "'");
            items.add(item());
            skipSpace();
            comma = pos < text.length() && text.charAt(pos) == ',';
            if (comma) pos++;
        }
    }

    private Object scalar() {
        int start = pos;
        if (text.startsWith("None", pos)) {
            pos += 4;
            return NONE;
        }
        boolean negative = false;
        while (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            if (text.charAt(pos) == '-') negative = !negative;
            pos++;
            skipSpace();
        }
        int end = pos;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '.'
                || text.charAt(end) == '_' || ((text.charAt(end) == '-' || text.charAt(end) == '+')
                && (text.charAt(end - 1) == 'e' || text.charAt(end - 1) == 'E')))) {
            end++;
        }
        String token = text.substring(pos, end);
        if (token.isEmpty()) throw error("expected a number at '" + text.substring(start) + "'");
        pos = end;
        if (INT.matcher(token).matches()) {
            String t = token.replace("_", "").toLowerCase(Locale.ROOT);
            int radix = 10;
            if (t.startsWith("0x")) radix = 16;
            else if (t.startsWith("0o")) radix = 8;
            else if (t.startsWith("0b")) radix = 2;
            if (radix != 10) t = t.substring(2);
            try {
                return Long.parseLong((negative ? "-" : "") + t, radix);
            } catch (NumberFormatException e) {
                throw error(token + " is out of the 64-bit integer range");
            }
        }
        if (FLOAT.matcher(token).matches()) {
            double d = Double.parseDouble(token.replace("_", ""));
            return negative ? -d : d;
        }
        throw error("'" + token + "' is not a number");
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private FlagException error(String what) {
        return new FlagException(flag, "cannot read '" + text.trim() + "': " + what);
    }

    /** Python's repr of an int or a float, e.g. {@code 255}, {@code 1.0}, {@code 0.5}, {@code 1e-05}. */
    static String repr(Number n) {
        if (n instanceof Long) return n.toString();
        double d = n.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) < 1e16) return (long) d + ".0";
        String s = Double.toString(d).toLowerCase(Locale.ROOT);
        int e = s.indexOf('e');
        if (e < 0) return s;
        String mant = s.substring(0, e).replaceFirst("\\.0$", "");
        String exp = s.substring(e + 1);
        boolean neg = exp.startsWith("-");
        if (neg) exp = exp.substring(1);
        if (exp.length() < 2) exp = "0" + exp;
        return mant + "e" + (neg ? "-" : "+") + exp;
    }
}

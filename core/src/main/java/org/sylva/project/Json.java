package org.sylva.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checked access to a project's JSON manifest: every missing field or wrong type becomes a
 * {@link ProjectFormatException} naming the file, the member and the field's path (e.g.
 * {@code "p.sylva: manifest.json: lanes[0].shape: expected a list of positive integers"}).
 */
final class Json {

    private final Path file;
    private final String member;

    Json(Path file, String member) {
        this.file = file;
        this.member = member;
    }

    ProjectFormatException bad(String path, String problem) {
        return new ProjectFormatException(file, member + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    ProjectFormatException bad(String path, String problem, Throwable cause) {
        return new ProjectFormatException(file, member + ": " + (path.isEmpty() ? "" : path + ": ") + problem, cause);
    }

    JsonNode req(JsonNode obj, String field, String path) throws ProjectFormatException {
        if (obj == null || !obj.isObject()) throw bad(path, "expected an object");
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) throw bad(path, "missing '" + field + "'");
        return n;
    }

    /** The field, or null if absent or JSON null. */
    JsonNode opt(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        return n == null || n.isNull() ? null : n;
    }

    String text(JsonNode obj, String field, String path) throws ProjectFormatException {
        JsonNode n = req(obj, field, path);
        if (!n.isTextual()) throw bad(join(path, field), "expected text, got " + n.getNodeType().toString().toLowerCase());
        return n.textValue();
    }

    String optText(JsonNode obj, String field, String path, String dflt) throws ProjectFormatException {
        return opt(obj, field) == null ? dflt : text(obj, field, path);
    }

    long integer(JsonNode obj, String field, String path, long min, long max) throws ProjectFormatException {
        return integer(req(obj, field, path), join(path, field), min, max);
    }

    long integer(JsonNode n, String path, long min, long max) throws ProjectFormatException {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) throw bad(path, "expected an integer, got " + n);
        long v = n.longValue();
        if (v < min || v > max) throw bad(path, v + " is outside " + min + "…" + max);
        return v;
    }

    double number(JsonNode n, String path) throws ProjectFormatException {
        if (!n.isNumber()) throw bad(path, "expected a number, got " + n);
        double v = n.doubleValue();
        if (!Double.isFinite(v)) throw bad(path, "expected a finite number, got " + n);
        return v;
    }

    boolean bool(JsonNode obj, String field, String path, boolean dflt) throws ProjectFormatException {
        JsonNode n = opt(obj, field);
        if (n == null) return dflt;
        if (!n.isBoolean()) throw bad(join(path, field), "expected true or false, got " + n);
        return n.booleanValue();
    }

    ArrayNode array(JsonNode obj, String field, String path) throws ProjectFormatException {
        return array(req(obj, field, path), join(path, field));
    }

    ArrayNode array(JsonNode n, String path) throws ProjectFormatException {
        if (!n.isArray()) throw bad(path, "expected a list, got " + n.getNodeType().toString().toLowerCase());
        return (ArrayNode) n;
    }

    List<String> texts(JsonNode obj, String field, String path) throws ProjectFormatException {
        ArrayNode a = array(obj, field, path);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isTextual()) throw bad(join(path, field) + "[" + i + "]", "expected text, got " + a.get(i));
            out.add(a.get(i).textValue());
        }
        return out;
    }

    static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}

package org.sylva.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sylva.testing.Python;

class FilenameTemplateTest {

    /** lazyflow's format_known_keys (strict), the reference for filling templates. */
    private static final String FORMAT_KNOWN_KEYS = String.join("\n",
            "import json, string, sys",
            "def format_known_keys(s, entries):",
            "    formatter = string.Formatter()",
            "    pieces = []",
            "    for text, name, fmt, _conv in formatter.parse(s):",
            "        pieces.append(text)",
            "        if name in entries:",
            "            pieces.append(formatter.format_field(entries[name], fmt))",
            "            continue",
            "        name = name or ''",
            "        fmt = fmt or ''",
            "        start, end, fmtsep = '', '', ''",
            "        if name or fmt:",
            "            start, end = '{', '}'",
            "        if fmt:",
            "            fmtsep = ':'",
            "        pieces.append(start + name + fmtsep + fmt + end)",
            "    return ''.join(pieces)",
            "entries = json.loads(sys.argv[1])",
            "out = []",
            "for t in json.loads(sys.argv[2]):",
            "    try:",
            "        out.append(format_known_keys(t, entries))",
            "    except (ValueError, TypeError) as e:",
            "        out.append(None)",
            "print(json.dumps(out))");

    private static final List<String> TEMPLATES = List.of(
            "{dataset_dir}/{nickname}_{result_type}",
            "{dataset_dir}/{nickname}_{result_type}_t{t_start}-{t_stop}",
            "/out/{nickname}_z{z_start:04}_{z_stop:04d}",
            "/out/{nickname:>12}|{nickname:<12}|{nickname:^13}|{nickname:*^13}",
            "/out/{x_start:+}_{x_start: }_{neg:05}_{neg:<6}_{neg:x<6}_{neg:=6}",
            "/out/{nickname:.3}_{nickname:05}",
            "/out/{{literal}}_{nickname}}}_{{{nickname}}}",
            "/out/{unknown}_{unknown:03}_{unknown!r}_{unknown!r:>4}_{}_{slice_index}",
            "/out/{nickname!r}_{nickname!s:>10}",
            "/out/{roi}",
            "/out/{x_start:d}",
            "/out/{nickname:d}",
            "/out/{x_start:s}",
            "/out/a}b",
            "/out/{nickname",
            "/out/{result_type}/{c_start}-{c_stop}");

    @Test
    void fillsPlaceholdersExactlyAsLazyflowsFormatKnownKeys() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("dataset_dir", "/data/set 1");
        values.put("nickname", "cells");
        values.put("result_type", "Simple Segmentation");
        values.put("x_start", 5L);
        values.put("z_start", 3L);
        values.put("z_stop", 12L);
        values.put("t_start", 0L);
        values.put("t_stop", 1L);
        values.put("c_start", 0L);
        values.put("c_stop", 2L);
        values.put("neg", -7L);
        values.put("roi", "[(0, 0, 0), (128, 128, 2)]");
        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(Python.run(FORMAT_KNOWN_KEYS, json.writeValueAsString(values),
                json.writeValueAsString(TEMPLATES)));
        for (int i = 0; i < TEMPLATES.size(); i++) {
            String t = TEMPLATES.get(i);
            JsonNode e = expected.get(i);
            if (e.isNull()) {
                FlagException ex = assertThrows(FlagException.class, () -> FilenameTemplate.fill(t, values, "--flag"),
                        "Python refuses " + t);
                assertEquals("--flag", ex.flag());
            } else {
                assertEquals(e.asText(), FilenameTemplate.fill(t, values, "--flag"), t);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{dataset_dir}/{nickname}_{result_type}      | {dataset_dir}/{nickname}_{result_type}",
            "{dataset_dir}/{nickname}_{result_type}.h5   | {dataset_dir}/{nickname}_{result_type}",
            "/out/result.tiff                             | /out/result",
            "/out/v1.5/result                             | /out/v1.5/result",
            "/out/.hidden                                 | /out/.hidden",
            "/out/..                                      | /out/..",
            "/out/..x.tif                                 | /out/..x",
            "/out/{nickname}.{result_type}                | /out/{nickname}.{result_type}",
            "/out/{nickname}_sigma1.6                     | /out/{nickname}_sigma1",
            "relative.name.png                            | relative.name",
    })
    void stripsOnlyTheTemplatesOwnExtension(String template, String stripped) {
        assertEquals(stripped, FilenameTemplate.stripExtension(template));
    }

    @Test
    void expandsALeadingTildeOnly() {
        String home = System.getProperty("user.home");
        assertEquals(home, FilenameTemplate.expandHome("~"));
        assertEquals(home + "/out/{nickname}", FilenameTemplate.expandHome("~/out/{nickname}"));
        assertEquals("/data/~/x", FilenameTemplate.expandHome("/data/~/x"));
        assertEquals("~user/x", FilenameTemplate.expandHome("~user/x"));
    }

    @Test
    void aBadSpecNamesThePlaceholder() {
        FlagException e = assertThrows(FlagException.class,
                () -> FilenameTemplate.fill("{x_start:q}", Map.of("x_start", 1L), "--output_filename_format"));
        assertTrue(e.getMessage().startsWith("--output_filename_format: cannot format {x_start} with the format spec 'q'"),
                e.getMessage());
    }
}

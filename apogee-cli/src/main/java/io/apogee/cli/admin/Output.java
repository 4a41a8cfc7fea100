package io.apogee.cli.admin;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a command's answer goes: {@code table} (aligned text for people, each section under a
 * heading) or {@code json} (one JSON document for scripts, sections as its fields).
 *
 * <p>Thread safety: not thread-safe; one command uses it.
 */
final class Output {

    enum Format { table, json }

    private final Format format;
    private final PrintWriter out;
    private final Map<String, Object> sections = new LinkedHashMap<>();

    Output(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    /** The whole answer is this one table (a JSON array). */
    void table(Table table) {
        if (format == Format.json) {
            json(table.asMaps());
        } else {
            table.print(out);
        }
    }

    /** One named part of an answer that has several; call {@link #end()} after the last. */
    void section(String name, Table table) {
        if (format == Format.json) {
            sections.put(name, table.asMaps());
        } else {
            if (!sections.isEmpty()) {
                out.println();
            }
            sections.put(name, Boolean.TRUE);
            out.println("# " + name);
            table.print(out);
        }
    }

    /** One named value of an answer that has several. */
    void value(String name, Object value) {
        if (format == Format.json) {
            sections.put(name, value);
        } else {
            sections.put(name, Boolean.TRUE);
            out.println(name + ": " + value);
        }
    }

    /** Finishes an answer made of sections and values. */
    void end() {
        if (format == Format.json) {
            json(sections);
        }
        out.flush();
    }

    /** A short confirmation: a sentence for people, {@code {"ok":true,...}} for scripts. */
    void done(String sentence, Map<String, Object> fields) {
        if (format == Format.json) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("ok", true);
            answer.putAll(fields);
            json(answer);
        } else {
            out.println(sentence);
        }
    }

    private void json(Object value) {
        out.println(JSON.toJSONString(value, JSONWriter.Feature.PrettyFormat, JSONWriter.Feature.WriteNulls,
                JSONWriter.Feature.WriteNonStringKeyAsString));
        out.flush();
    }
}

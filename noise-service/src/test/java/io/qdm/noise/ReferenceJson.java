package io.qdm.noise;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the reference vectors written by {@code bench/peers/torch_reference_noise.py} (test resources under
 * {@code reference/}). A minimal JSON reader: objects → Map, arrays → List, numbers → Double, strings, booleans,
 * null. Numbers are parsed with {@link Double#parseDouble}, which rounds Python's shortest repr back to the exact
 * double Python printed.
 */
public final class ReferenceJson {
    private final String s;
    private int i;

    private ReferenceJson(String s) {
        this.s = s;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(String resource) {
        try (InputStream in = ReferenceJson.class.getResourceAsStream("/reference/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource reference/" + resource
                        + "; run bench/peers/torch_reference_noise.py");
            }
            ReferenceJson r = new ReferenceJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (Map<String, Object>) r.value();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static double[] doubles(Object list) {
        List<Object> l = (List<Object>) list;
        double[] d = new double[l.size()];
        for (int k = 0; k < d.length; k++) {
            d[k] = ((Number) l.get(k)).doubleValue();
        }
        return d;
    }

    public static int integer(Object n) {
        return ((Number) n).intValue();
    }

    private Object value() {
        skip();
        char c = s.charAt(i);
        switch (c) {
            case '{': {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    skip();
                    String k = (String) value();
                    skip();
                    expect(':');
                    m.put(k, value());
                    skip();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            case '[': {
                i++;
                List<Object> l = new ArrayList<>();
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    skip();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            case '"': {
                int end = s.indexOf('"', i + 1);
                String str = s.substring(i + 1, end);
                i = end + 1;
                return str;
            }
            default: {
                if (s.startsWith("true", i)) {
                    i += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("false", i)) {
                    i += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("null", i)) {
                    i += 4;
                    return null;
                }
                int start = i;
                while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                return Double.parseDouble(s.substring(start, i));
            }
        }
    }

    private void skip() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private void expect(char c) {
        if (s.charAt(i) != c) {
            throw new IllegalStateException("expected '" + c + "' at " + i + ", found '" + s.charAt(i) + "'");
        }
        i++;
    }
}

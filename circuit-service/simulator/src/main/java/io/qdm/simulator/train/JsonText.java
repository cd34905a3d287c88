package io.qdm.simulator.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader and writer for checkpoints (the module takes no JSON dependency). Values map to
 * {@code Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@code Double} (all numbers), {@code String},
 * {@code Boolean} and {@code null}. Doubles are written with {@link Double#toString}, which round-trips exactly
 * (Python's {@code json} reads them back bit-identically); non-finite numbers are rejected.
 */
public final class JsonText {
  private final String text;
  private int pos;

  private JsonText(String text) {
    this.text = text;
  }

  /** Parses one JSON value; throws IllegalArgumentException with the offset on malformed input. */
  public static Object parse(String text) {
    JsonText p = new JsonText(text);
    p.skipWhitespace();
    Object v = p.value();
    p.skipWhitespace();
    if (p.pos != text.length()) {
      throw p.error("trailing characters");
    }
    return v;
  }

  /** Serialises a value tree (Map, List, Number, String, Boolean, null, double[], int[]) with 2-space indentation. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb, 0);
    return sb.append('\n').toString();
  }

  private Object value() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{': return object();
      case '[': return array();
      case '"': return string();
      case 't': expect("true"); return Boolean.TRUE;
      case 'f': expect("false"); return Boolean.FALSE;
      case 'n': expect("null"); return null;
      default: return number();
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    pos++;
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return m;
    }
    while (true) {
      skipWhitespace();
      String key = string();
      skipWhitespace();
      if (peek() != ':') {
        throw error("expected ':'");
      }
      pos++;
      skipWhitespace();
      m.put(key, value());
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return l;
    }
    while (true) {
      skipWhitespace();
      l.add(value());
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') {
        return l;
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    if (peek() != '"') {
      throw error("expected string");
    }
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        char e = text.charAt(pos++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
  }

  private Double number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    if (start == pos) {
      throw error("unexpected character '" + text.charAt(pos) + "'");
    }
    return Double.parseDouble(text.substring(start, pos));
  }

  private void expect(String word) {
    if (!text.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos);
  }

  private void skipWhitespace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + what);
  }

  @SuppressWarnings("unchecked")
  private static void write(Object v, StringBuilder sb, int indent) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      sb.append('"');
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          default -> {
            if (c < 0x20) {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      sb.append('"');
    } else if (v instanceof Boolean b) {
      sb.append(b);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("JSON cannot hold " + d);
      }
      sb.append(d);
    } else if (v instanceof Number n) {
      sb.append(n.longValue());
    } else if (v instanceof double[] a) {
      sb.append('[');
      for (int i = 0; i < a.length; i++) {
        if (!Double.isFinite(a[i])) {
          throw new IllegalArgumentException("JSON cannot hold " + a[i]);
        }
        sb.append(i == 0 ? "" : ", ").append(a[i]);
      }
      sb.append(']');
    } else if (v instanceof int[] a) {
      sb.append('[');
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(a[i]);
      }
      sb.append(']');
    } else if (v instanceof long[] a) {
      sb.append('[');
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(a[i]);
      }
      sb.append(']');
    } else if (v instanceof Map<?, ?> m) {
      sb.append("{");
      boolean first = true;
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        sb.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
        write(e.getKey(), sb, indent + 1);
        sb.append(": ");
        write(e.getValue(), sb, indent + 1);
        first = false;
      }
      sb.append(first ? "}" : "\n" + "  ".repeat(indent) + "}");
    } else if (v instanceof List<?> l) {
      sb.append("[");
      for (int i = 0; i < l.size(); i++) {
        sb.append(i == 0 ? "" : ", ");
        write(l.get(i), sb, indent + 1);
      }
      sb.append("]");
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass() + " as JSON");
    }
  }

  /** Reads a JSON list of numbers as a double[]. */
  public static double[] doubles(Object list) {
    List<?> l = (List<?>) list;
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).doubleValue();
    }
    return out;
  }

  /** Reads a JSON list of numbers as an int[]. */
  public static int[] ints(Object list) {
    List<?> l = (List<?>) list;
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).intValue();
    }
    return out;
  }

  /** Reads a JSON list of numbers as a long[]. */
  public static long[] longs(Object list) {
    List<?> l = (List<?>) list;
    long[] out = new long[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).longValue();
    }
    return out;
  }
}

package dev.tollgate.rego.builtin;

import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserException;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.scanner.ScannerException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * YAML as OPA reads and writes it: sigs.k8s.io/yaml over go-yaml v2. That means YAML 1.1 scalars
 * ({@code yes}, {@code on}, {@code y} are booleans, {@code 0x1F} and {@code 017} are integers), only the first document,
 * map keys turned into strings, and go-yaml's block output (sorted keys, unindented sequences, 80-column folding).
 * SnakeYAML does the tokenising and composing; typing the scalars and writing follow go-yaml's rules.
 */
final class GoYaml {
    private GoYaml() {}

    /** A YAML error worded as OPA reports it: {@code yaml: line 1: did not find expected ',' or ']'}. */
    static final class YamlError extends Exception {
        YamlError(String message) { super(message, null, false, false); }
    }

    // ---------------------------------------------------------------- reading

    /** {@code yaml.unmarshal}: the first document as a JSON-compatible value; an empty stream is null. */
    static Value parse(String text) throws YamlError {
        Node root = compose(text);
        return root == null ? Value.NULL : new Converter().convert(root);
    }

    /** {@code yaml.is_valid}: go-yaml accepts it (into an untyped value, so any key type is fine). */
    static boolean valid(String text) {
        try {
            Node root = compose(text);
            if (root != null) new Converter().resolveOnly(root);
            return true;
        } catch (YamlError e) {
            return false;
        }
    }

    /** Plain scalars are left untyped by the composer; go-yaml's rules type them afterwards. */
    private static final Tag PLAIN = new Tag("tag:tollgate.dev,2024:plain");

    private static final class PlainResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            // none: every plain scalar is typed by resolvePlain, the way go-yaml v2 does it
        }

        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            if (kind == NodeId.scalar && implicit) return PLAIN;
            return super.resolve(kind, value, implicit);
        }
    }

    private static Node compose(String text) throws YamlError {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setCodePointLimit(Integer.MAX_VALUE);
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(text), options), new PlainResolver(), options);
            return composer.checkNode() ? composer.getNode() : null; // go-yaml reads the first document only
        } catch (MarkedYAMLException e) {
            throw new YamlError(goMessage(e));
        } catch (YAMLException e) {
            throw new YamlError("yaml: " + e.getMessage());
        }
    }

    /**
     * go-yaml's wording and line numbering. libyaml reports scanner errors on their 1-based line, but parser errors
     * on the 0-based line of the offending token, with the end of a stream that lacks a final newline counted as
     * one line further; without a line the prefix is left out.
     */
    private static String goMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "unknown problem parsing YAML content" : e.getProblem();
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        int line;
        if (e instanceof ScannerException) {
            line = mark == null ? 0 : mark.getLine() + 1;
        } else {
            line = mark == null ? 0 : mark.getLine();
            if (problem.endsWith("<stream end>") && mark != null && mark.getColumn() != 0) line++;
            if (line == 0 && e.getContextMark() != null) line = e.getContextMark().getLine();
        }
        String msg = translate(e, problem);
        return "yaml: " + (line != 0 ? "line " + line + ": " : "") + msg;
    }

    private static String translate(MarkedYAMLException e, String problem) {
        String context = e.getContext() == null ? "" : e.getContext();
        if (problem.startsWith("found undefined alias ")) {
            return "unknown anchor '" + problem.substring("found undefined alias ".length()) + "' referenced";
        }
        if (problem.startsWith("mapping values are not allowed")) return "mapping values are not allowed in this context";
        if (problem.startsWith("found character") && problem.contains("cannot start any token")) {
            return "found character that cannot start any token";
        }
        if (e instanceof ParserException && problem.startsWith("expected ")) {
            if (context.contains("block mapping")) return "did not find expected key";
            if (context.contains("block collection")) return "did not find expected '-' indicator";
            int but = problem.indexOf(", but ");
            return "did not find " + (but < 0 ? problem : problem.substring(0, but));
        }
        if (problem.startsWith("expected ") && problem.contains(", but found")) {
            return "did not find " + problem.substring(0, problem.indexOf(", but found"));
        }
        return problem;
    }

    /** Turns composed nodes into values the way sigs.k8s.io/yaml does: YAML first, then through JSON. */
    private static final class Converter {
        private final IdentityHashMap<Node, Boolean> active = new IdentityHashMap<>();

        Value convert(Node n) throws YamlError {
            enter(n);
            try {
                if (n instanceof ScalarNode s) return scalarToJson(typedScalar(s));
                if (n instanceof SequenceNode seq) {
                    List<Value> out = new ArrayList<>(seq.getValue().size());
                    for (Node child : seq.getValue()) out.add(convert(child));
                    return Value.Arr.wrap(out);
                }
                Map<Value, Value> out = new HashMap<>();
                for (Map.Entry<Object, Node> e : mapping((MappingNode) n).entrySet()) {
                    out.put(Value.str(jsonKey(e.getKey())), convert(e.getValue()));
                }
                return Value.Obj.wrap(out);
            } finally {
                active.remove(n);
            }
        }

        /** What go-yaml's Unmarshal checks, without the JSON conversion (so odd keys are fine). */
        void resolveOnly(Node n) throws YamlError {
            enter(n);
            try {
                if (n instanceof ScalarNode s) {
                    typedScalar(s);
                } else if (n instanceof SequenceNode seq) {
                    for (Node child : seq.getValue()) resolveOnly(child);
                } else {
                    for (Node child : mapping((MappingNode) n).values()) resolveOnly(child);
                }
            } finally {
                active.remove(n);
            }
        }

        private void enter(Node n) throws YamlError {
            if (active.put(n, Boolean.TRUE) != null) throw new YamlError("yaml: anchor value contains itself");
        }

        /** A mapping with "<<" merges applied in place, as go-yaml v2 applies them (later entries win). */
        private Map<Object, Node> mapping(MappingNode m) throws YamlError {
            Map<Object, Node> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                Node k = t.getKeyNode();
                if (k instanceof ScalarNode ks && (ks.getTag().equals(Tag.MERGE) || ks.getTag().equals(PLAIN) && ks.getValue().equals("<<"))) {
                    merge(t.getValueNode(), out);
                    continue;
                }
                out.put(keyObject(k), t.getValueNode());
            }
            return out;
        }

        private void merge(Node v, Map<Object, Node> into) throws YamlError {
            if (v instanceof MappingNode mm) {
                into.putAll(mapping(mm));
            } else if (v instanceof SequenceNode seq) {
                List<Node> items = seq.getValue();
                for (int i = items.size() - 1; i >= 0; i--) { // earlier maps take precedence
                    if (!(items.get(i) instanceof MappingNode mm)) throw wantMap();
                    into.putAll(mapping(mm));
                }
            } else {
                throw wantMap();
            }
        }

        private YamlError wantMap() {
            return new YamlError("yaml: map merge requires map or sequence of maps as the value");
        }

        /** A key as go-yaml decodes it into interface{}: scalars typed, collections kept as themselves. */
        private Object keyObject(Node k) throws YamlError {
            if (k instanceof ScalarNode s) {
                Object typed = typedScalar(s);
                return typed == null ? NULL_KEY : typed;
            }
            return k;
        }
    }

    private static final Object NULL_KEY = new Object();

    /** sigs.k8s.io/yaml's key conversion: strings as is, numbers and booleans as text, nothing else. */
    private static String jsonKey(Object key) throws YamlError {
        if (key instanceof String s) return s;
        if (key instanceof BigInteger i) return i.toString();
        if (key instanceof Boolean b) return b.toString();
        if (key instanceof Double d) return formatFloat(d.floatValue(), true);
        String type = key == NULL_KEY ? "<nil>" : "map[interface {}]interface {}";
        throw new YamlError("unsupported map key of type: " + type);
    }

    private static Value scalarToJson(Object typed) throws YamlError {
        if (typed == null) return Value.NULL;
        if (typed instanceof String s) return Value.str(s);
        if (typed instanceof Boolean b) return Value.bool(b);
        if (typed instanceof BigInteger i) return Value.num(i);
        double d = (Double) typed;
        if (Double.isNaN(d)) throw new YamlError("json: unsupported value: NaN");
        if (Double.isInfinite(d)) throw new YamlError("json: unsupported value: " + (d > 0 ? "+Inf" : "-Inf"));
        return Value.num(new BigDecimal(Double.toString(d)));
    }

    /** The Java form of a go-yaml scalar: String, Boolean, BigInteger (int64/uint64), Double, or null. */
    private static Object typedScalar(ScalarNode s) throws YamlError {
        Tag tag = s.getTag();
        String v = s.getValue();
        if (tag.equals(PLAIN)) return resolvePlain(v);
        if (tag.equals(Tag.STR)) return v;
        if (tag.equals(Tag.BINARY)) {
            try {
                return Encoding.utf8(Base64.getMimeDecoder().decode(v));
            } catch (IllegalArgumentException e) {
                throw new YamlError("yaml: !!binary value contains invalid base64 data");
            }
        }
        Object r = resolvePlain(v);
        String want = tag.equals(Tag.INT) ? "int" : tag.equals(Tag.FLOAT) ? "float" : tag.equals(Tag.BOOL) ? "bool"
                : tag.equals(Tag.NULL) ? "null" : null;
        if (want == null) return r; // other tags: go-yaml decodes by the value
        boolean ok = switch (want) {
            case "int" -> r instanceof BigInteger;
            case "float" -> r instanceof Double || r instanceof BigInteger;
            case "bool" -> r instanceof Boolean;
            default -> r == null;
        };
        if (!ok) {
            throw new YamlError("yaml: cannot decode !!" + want + " `" + v + "` as a !!" + want);
        }
        return want.equals("float") && r instanceof BigInteger i ? (Object) i.doubleValue() : r;
    }

    private static final Map<String, Object> RESOLVE_MAP = new HashMap<>();
    private static final Object NULL_VALUE = new Object();

    static {
        for (String s : List.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")) RESOLVE_MAP.put(s, Boolean.TRUE);
        for (String s : List.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")) RESOLVE_MAP.put(s, Boolean.FALSE);
        for (String s : List.of("", "~", "null", "Null", "NULL")) RESOLVE_MAP.put(s, NULL_VALUE);
        for (String s : List.of(".nan", ".NaN", ".NAN")) RESOLVE_MAP.put(s, Double.NaN);
        for (String s : List.of(".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF")) RESOLVE_MAP.put(s, Double.POSITIVE_INFINITY);
        for (String s : List.of("-.inf", "-.Inf", "-.INF")) RESOLVE_MAP.put(s, Double.NEGATIVE_INFINITY);
    }

    private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** go-yaml v2's resolve() for an untagged plain scalar (timestamps stay strings when decoding into interface{}). */
    static Object resolvePlain(String in) {
        char hint = in.isEmpty() ? 'N' : hint(in.charAt(0));
        if (hint == 0) return in;
        if (RESOLVE_MAP.containsKey(in)) {
            Object v = RESOLVE_MAP.get(in);
            return v == NULL_VALUE ? null : v;
        }
        if (hint == '.') {
            Double d = goParseFloat(in);
            return d != null ? d : in;
        }
        if (hint == 'D' || hint == 'S') {
            String plain = in.replace("_", "");
            BigInteger i = goParseInt(plain);
            if (i != null && i.compareTo(INT64_MIN) >= 0 && i.compareTo(UINT64_MAX) <= 0) return i;
            if (YAML_FLOAT.matcher(plain).matches()) {
                Double d = goParseFloat(plain);
                if (d != null) return d;
            }
        }
        return in;
    }

    private static char hint(char c) {
        if (c == '+' || c == '-') return 'S';
        if (c >= '0' && c <= '9') return 'D';
        if ("yYnNtTfFoO~".indexOf(c) >= 0) return 'M';
        if (c == '.') return '.';
        return 0;
    }

    /** strconv.ParseInt/ParseUint with base 0: sign, then 0x / 0o / 0b / leading-0 octal / decimal. */
    private static BigInteger goParseInt(String s) {
        String t = s;
        boolean neg = false;
        if (t.startsWith("+") || t.startsWith("-")) {
            neg = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        if (t.length() > 1 && t.charAt(0) == '0') {
            char p = Character.toLowerCase(t.charAt(1));
            if (p == 'x') { radix = 16; t = t.substring(2); }
            else if (p == 'o') { radix = 8; t = t.substring(2); }
            else if (p == 'b') { radix = 2; t = t.substring(2); }
            else { radix = 8; t = t.substring(1); }
        }
        if (t.isEmpty()) return null;
        for (int i = 0; i < t.length(); i++) {
            if (Character.digit(t.charAt(i), radix) < 0 || t.charAt(i) > 'z') return null;
        }
        BigInteger v = new BigInteger(t, radix);
        return neg ? v.negate() : v;
    }

    /** strconv.ParseFloat for the decimal forms the callers allow. */
    private static Double goParseFloat(String s) {
        try {
            if (!s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) return null;
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * {@code yaml.marshal}: the value goes through JSON and back through go-yaml, so numbers are typed by
     * go-yaml's rules (big integers become floats) and map keys are sorted in go-yaml's natural order.
     */
    static String marshal(Value v) {
        StringBuilder sb = new StringBuilder();
        Object doc = toGoValue(v);
        if (doc instanceof Map<?, ?> m && !m.isEmpty() || doc instanceof List<?> l && !l.isEmpty()) {
            emitBlock(sb, doc, 0);
        } else {
            emitInline(sb, doc, 2, false);
        }
        return sb.append('\n').toString();
    }

    /** A value as go-yaml holds it after reading the JSON: sorted maps, lists, strings, typed numbers. */
    private static Object toGoValue(Value v) {
        if (v instanceof Value.Obj o) {
            List<Map.Entry<String, Value>> entries = new ArrayList<>(GoJson.members(o).entrySet());
            entries.sort((a, b) -> naturalCompare(a.getKey(), b.getKey()));
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : entries) out.put(e.getKey(), toGoValue(e.getValue()));
            return out;
        }
        if (v instanceof Value.Arr || v instanceof Value.SetV) {
            List<Object> out = new ArrayList<>();
            for (Value e : v instanceof Value.Arr a ? a.elements() : ((Value.SetV) v).elements()) out.add(toGoValue(e));
            return out;
        }
        if (v instanceof Value.Str s) return s.value();
        if (v instanceof Value.Bool b) return b.value();
        if (v instanceof Value.Num n) return resolvePlain(Values.formatNumber(n.value()));
        return null;
    }

    private static final int WIDTH = 80;

    /** A non-empty map or list starting at column {@code indent}, the cursor already there. */
    private static void emitBlock(StringBuilder sb, Object node, int indent) {
        boolean first = true;
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) newline(sb, indent);
                first = false;
                emitScalar(sb, (String) e.getKey(), indent + 2, true);
                sb.append(':');
                emitValue(sb, e.getValue(), indent, true);
            }
        } else {
            for (Object item : (List<?>) node) {
                if (!first) newline(sb, indent);
                first = false;
                sb.append('-');
                emitValue(sb, item, indent, false);
            }
        }
    }

    /** The value after "key:" or "-". Sequences under a mapping key are not indented, as in go-yaml v2. */
    private static void emitValue(StringBuilder sb, Object v, int indent, boolean inMapping) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            if (inMapping) {
                newline(sb, indent + 2);
            } else {
                sb.append(' ');
            }
            emitBlock(sb, v, indent + 2);
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            if (inMapping) {
                newline(sb, indent);
                emitBlock(sb, v, indent);
            } else {
                sb.append(' ');
                emitBlock(sb, v, indent + 2);
            }
        } else {
            sb.append(' ');
            emitInline(sb, v, indent + 2, false);
        }
    }

    private static void emitInline(StringBuilder sb, Object v, int indent, boolean key) {
        if (v instanceof Map<?, ?>) sb.append("{}");
        else if (v instanceof List<?>) sb.append("[]");
        else if (v == null) sb.append("null");
        else if (v instanceof Boolean b) sb.append(b);
        else if (v instanceof BigInteger i) sb.append(i);
        else if (v instanceof Double d) sb.append(formatFloat(d, false));
        else emitScalar(sb, (String) v, indent, key);
    }

    private static void newline(StringBuilder sb, int indent) {
        sb.append('\n').append(" ".repeat(indent));
    }

    private enum Style { PLAIN, SINGLE, DOUBLE, LITERAL }

    /** A string scalar in the style go-yaml picks; {@code indent} is where continuation lines start. */
    private static void emitScalar(StringBuilder sb, String s, int indent, boolean key) {
        switch (style(s, key)) {
            case PLAIN -> writeFolded(sb, s, indent, !key, 0);
            case SINGLE -> {
                sb.append('\'');
                writeFolded(sb, s.replace("'", "''"), indent, !key, 1);
                sb.append('\'');
            }
            case DOUBLE -> writeDoubleQuoted(sb, s);
            case LITERAL -> writeLiteral(sb, s, indent);
        }
    }

    private static final Pattern BASE60_FLOAT = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");

    private static Style style(String s, boolean key) {
        // go-yaml quotes anything that would read back as another type
        if (!(resolvePlain(s) instanceof String) || BASE60_FLOAT.matcher(s).matches()) return Style.DOUBLE;
        boolean special = false;
        boolean lineBreaks = false;
        boolean spaceBreak = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                lineBreaks = true;
                if (i > 0 && s.charAt(i - 1) == ' ') spaceBreak = true;
            } else if (!printable(c)) {
                special = true;
            }
        }
        if (special) return Style.DOUBLE;
        if (lineBreaks) return key || spaceBreak ? Style.DOUBLE : Style.LITERAL;
        return plainAllowed(s) ? Style.PLAIN : Style.SINGLE;
    }

    /** libyaml's printable set, minus line breaks (handled separately). */
    private static boolean printable(char c) {
        return c == 0x85 || c >= 0x20 && c <= 0x7e || c >= 0xa0 && c <= 0xd7ff
                || c >= 0xe000 && c <= 0xfffd && c != 0xfeff || Character.isSurrogate(c);
    }

    /** libyaml's analysis for a plain scalar in block context. */
    private static boolean plainAllowed(String s) {
        if (s.isEmpty()) return false;
        if (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ') return false;
        if ((s.startsWith("---") || s.startsWith("...")) && (s.length() == 3 || blank(s, 3))) return false;
        char c0 = s.charAt(0);
        if ("#,[]{}&*!|>'\"%@`".indexOf(c0) >= 0) return false;
        if ((c0 == '?' || c0 == ':' || c0 == '-') && blankOrEnd(s, 1)) return false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':' && blankOrEnd(s, i + 1)) return false;
            if (c == '#' && s.charAt(i - 1) == ' ') return false;
        }
        return true;
    }

    private static boolean blank(String s, int i) {
        return i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t');
    }

    private static boolean blankOrEnd(String s, int i) {
        return i >= s.length() || s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n';
    }

    private static int column(StringBuilder sb) {
        int nl = sb.lastIndexOf("\n");
        return sb.codePointCount(nl + 1, sb.length());
    }

    /** Writes {@code s}, turning a single space into a line break once past column 80 (libyaml's best width). */
    private static void writeFolded(StringBuilder sb, String s, int indent, boolean allowBreaks, int quoted) {
        boolean spaces = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                boolean notEdge = quoted == 0 || i > 0 && i < s.length() - 1;
                if (allowBreaks && !spaces && notEdge && column(sb) > WIDTH && !(i + 1 < s.length() && s.charAt(i + 1) == ' ')) {
                    newline(sb, indent);
                } else {
                    sb.append(c);
                }
                spaces = true;
            } else {
                sb.append(c);
                spaces = false;
            }
        }
    }

    private static void writeDoubleQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case 0 -> sb.append("\\0");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case 0x0b -> sb.append("\\v");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                case 0x1b -> sb.append("\\e");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 0x85 -> sb.append("\\N");
                case 0xa0 -> sb.append("\\_");
                case 0x2028 -> sb.append("\\L");
                case 0x2029 -> sb.append("\\P");
                default -> {
                    if (printable(c)) sb.append(c);
                    else if (c <= 0xff) sb.append(String.format("\\x%02X", (int) c));
                    else sb.append(String.format("\\u%04X", (int) c));
                }
            }
        }
        sb.append('"');
    }

    /** A literal block ({@code |}), with libyaml's indentation and chomping indicators. */
    private static void writeLiteral(StringBuilder sb, String s, int indent) {
        sb.append('|');
        if (s.charAt(0) == ' ' || s.charAt(0) == '\n') sb.append('2');
        String body = s;
        if (!s.endsWith("\n")) {
            sb.append('-');
        } else if (s.length() == 1 || s.endsWith("\n\n")) {
            sb.append('+');
            body = s.substring(0, s.length() - 1);
        } else {
            body = s.substring(0, s.length() - 1);
        }
        for (String line : body.split("\n", -1)) {
            sb.append('\n');
            if (!line.isEmpty()) sb.append(" ".repeat(indent)).append(line);
        }
    }

    /** Go's {@code strconv.FormatFloat(f, 'g', -1, 64)} with go-yaml's names for the infinities and NaN. */
    static String formatFloat(double d, boolean asFloat32) {
        if (Double.isNaN(d)) return ".nan";
        if (Double.isInfinite(d)) return d > 0 ? ".inf" : "-.inf";
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        BigDecimal shortest = new BigDecimal(asFloat32 ? Float.toString((float) d) : Double.toString(d)).stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - shortest.scale(); // decimal exponent of the first digit
        String sign = shortest.signum() < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) { // shortest 'g' switches to %e at exponent 6
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = String.format("%02d", Math.abs(exp));
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + e;
        }
        return sign + shortest.abs().toPlainString();
    }

    /** go-yaml v2's key order: letters by code point, runs of digits by numeric value, non-letters first. */
    static int naturalCompare(String a, String b) {
        int[] ar = a.codePoints().toArray();
        int[] br = b.codePoints().toArray();
        for (int i = 0; i < ar.length && i < br.length; i++) {
            if (ar[i] == br[i]) continue;
            boolean al = Character.isLetter(ar[i]);
            boolean bl = Character.isLetter(br[i]);
            if (al && bl) return Integer.compare(ar[i], br[i]);
            if (al || bl) return bl ? -1 : 1;
            long an = 0;
            long bn = 0;
            if (ar[i] == '0' || br[i] == '0') {
                for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
                    if (ar[j] != '0') {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai = i;
            for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai] - '0');
            int bi = i;
            for (; bi < br.length && Character.isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi] - '0');
            if (an != bn) return an < bn ? -1 : 1;
            if (ai != bi) return ai < bi ? -1 : 1;
            return Integer.compare(ar[i], br[i]);
        }
        return Integer.compare(ar.length, br.length);
    }
}

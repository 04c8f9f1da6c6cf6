package dev.tollgate.policy;

import java.util.regex.Pattern;

/**
 * The patterns waivers and enforcement overrides use: {@code *} matches any run of characters (dots and
 * brackets included, so {@code module.net.*} covers every address in the module), {@code ?} one character.
 */
public record Glob(String text, Pattern pattern) {

    public static Glob of(String text) {
        StringBuilder re = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(text, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    public boolean matches(String s) {
        return s != null && pattern.matcher(s).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}

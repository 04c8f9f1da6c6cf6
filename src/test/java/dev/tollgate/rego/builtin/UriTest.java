package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import org.junit.jupiter.api.Test;

import static dev.tollgate.rego.builtin.Conformance.assertCase;
import static dev.tollgate.rego.builtin.Conformance.assertCaseError;
import static dev.tollgate.rego.builtin.Conformance.call;
import static dev.tollgate.rego.builtin.Conformance.json;
import static dev.tollgate.rego.builtin.Conformance.num;
import static dev.tollgate.rego.builtin.Conformance.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UriTest {

    @Test
    void parseMatchesConformanceCases() {
        assertCase("uribuiltins/parse full url", "uri.parse", str("https://example.com:8080/api?q=1#top"));
        assertCase("uribuiltins/parse without port", "uri.parse", str("https://example.com/path"));
        assertCase("uribuiltins/parse without query or fragment", "uri.parse", str("https://example.com:443/path"));
        assertCase("uribuiltins/parse without path", "uri.parse", str("https://example.com?q=1#frag"));
        assertCase("uribuiltins/parse ipv6 hostname", "uri.parse", str("http://[::1]:8080/path"));
        assertCase("uribuiltins/parse percent-encoded path", "uri.parse", str("https://example.com/path%2Fwith%2Fslashes"));
        assertCase("uribuiltins/parse plain path raw_path matches path", "uri.parse", str("https://example.com/plain/path"));
        assertCase("uribuiltins/parse empty string", "uri.parse", str(""));
        assertCase("uribuiltins/parse mailto uri", "uri.parse", str("mailto:user@example.com"));
        assertCase("uribuiltins/parse unmatched bracket in reg-name host", "uri.parse", str("http://foo]bar/"));
        assertCase("uribuiltins/parse escaped exclamation in path", "uri.parse", str("https://example.com/a%21b"));
        assertCase("uribuiltins/parse escaped apostrophe in path", "uri.parse", str("https://example.com/a%27b"));
        assertCase("uribuiltins/parse escaped asterisk in path", "uri.parse", str("https://example.com/a%2Ab"));
        assertCase("uribuiltins/parse escaped parentheses in path", "uri.parse", str("https://example.com/a%28b%29"));
    }

    @Test
    void parseErrorsMatchConformanceCases() {
        assertCaseError("uribuiltins/parse percent-encoded ascii in host", "uri.parse", str("http://exa%6dple.com/"));
        assertCaseError("uribuiltins/parse invalid userinfo", "uri.parse", str("http://a<b@example.com/"));
        assertCaseError("uribuiltins/parse non-ascii digits in port", "uri.parse", str("http://example.com:٣٤/"));
    }

    @Test
    void isValidMatchesConformanceCases() {
        assertCase("uribuiltins/is_valid percent-encoded ascii in host", "uri.is_valid", str("http://exa%6dple.com/"));
        assertCase("uribuiltins/is_valid invalid userinfo", "uri.is_valid", str("http://a<b@example.com/"));
        assertCase("uribuiltins/is_valid space in userinfo", "uri.is_valid", str("http://user name@example.com/"));
        assertCase("uribuiltins/is_valid non-ascii digits in port", "uri.is_valid", str("http://example.com:٣٤/"));
        assertCase("uribuiltins/is_valid unmatched bracket in reg-name host", "uri.is_valid", str("http://foo]bar/"));
        assertEquals(Value.FALSE, call("uri.is_valid", str("")));
        assertEquals(Value.FALSE, call("uri.is_valid", num(1)));
        assertEquals(Value.TRUE, call("uri.is_valid", str("/relative/path?x=1")));
    }

    @Test
    void followsGoUrlParseInTheCornerCases() {
        assertEquals(json("{\"scheme\": \"http\", \"hostname\": \"fe80::1%en0\", \"port\": \"80\", \"path\": \"/\", \"raw_path\": \"/\"}"),
                call("uri.parse", str("HTTP://[fe80::1%25en0]:80/")));
        assertEquals(json("{\"path\": \"a b\", \"raw_path\": \"a b\", \"fragment\": \"x y\"}"), call("uri.parse", str("a%20b#x%20y")));
        assertEquals(json("{\"scheme\": \"http\", \"hostname\": \"h\", \"raw_query\": \"a=%zz\"}"), call("uri.parse", str("http://h?a=%zz")));
        assertEquals("uri.parse: parse \"1http://x\": first path segment in URL cannot contain colon",
                assertThrows(RegoError.class, () -> call("uri.parse", str("1http://x"))).detail());
        assertEquals("uri.parse: parse \":x\": missing protocol scheme",
                assertThrows(RegoError.class, () -> call("uri.parse", str(":x"))).detail());
        assertEquals("uri.parse: parse \"http://a\\nb\": net/url: invalid control character in URL",
                assertThrows(RegoError.class, () -> call("uri.parse", str("http://a\nb"))).detail());
        assertEquals("uri.parse: parse \"http://[::1/\": missing ']' in host",
                assertThrows(RegoError.class, () -> call("uri.parse", str("http://[::1/"))).detail());
        assertEquals("uri.parse: parse \"http://a b/\": invalid character \" \" in host name",
                assertThrows(RegoError.class, () -> call("uri.parse", str("http://a b/"))).detail());
        assertEquals("uri.parse: parse \"http://x/#%zz\": invalid URL escape \"%zz\"",
                assertThrows(RegoError.class, () -> call("uri.parse", str("http://x/#%zz"))).detail());
    }
}

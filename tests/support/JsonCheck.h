#pragma once
// A strict little JSON reader for export tests: validates syntax (RFC 8259) and builds a
// tree so tests can compare structure.

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace mensa::test {

struct JsonValue {
    enum class Type { Null, Bool, Number, String, Array, Object } type = Type::Null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<JsonValue> array;
    std::map<std::string, JsonValue> object;

    const JsonValue& operator[](const std::string& key) const { return object.at(key); }
    bool has(const std::string& key) const { return object.count(key) > 0; }
};

class JsonReader {
public:
    // Throws std::runtime_error naming the offset of the first syntax error.
    static JsonValue parse(const std::string& text)
    {
        JsonReader r(text);
        JsonValue v = r.value();
        r.skipSpace();
        if (r.m_pos != text.size())
            r.fail("trailing characters");
        return v;
    }

private:
    explicit JsonReader(const std::string& text)
        : m_text(text)
    {
    }

    [[noreturn]] void fail(const std::string& what) const
    {
        throw std::runtime_error("JSON error at offset " + std::to_string(m_pos) + ": " + what);
    }
    void skipSpace()
    {
        while (m_pos < m_text.size() && std::strchr(" \t\r\n", m_text[m_pos]))
            ++m_pos;
    }
    char peek()
    {
        skipSpace();
        if (m_pos >= m_text.size())
            fail("unexpected end");
        return m_text[m_pos];
    }
    void expect(char c)
    {
        if (peek() != c)
            fail(std::string("expected '") + c + "'");
        ++m_pos;
    }
    bool literal(const char* word)
    {
        size_t n = std::strlen(word);
        if (m_text.compare(m_pos, n, word) != 0)
            return false;
        m_pos += n;
        return true;
    }
    JsonValue value()
    {
        char c = peek();
        JsonValue v;
        if (c == '{')
            return object();
        if (c == '[')
            return array();
        if (c == '"') {
            v.type = JsonValue::Type::String;
            v.string = string();
        }
        else if (literal("true") || literal("false")) {
            v.type = JsonValue::Type::Bool;
            v.boolean = m_text[m_pos - 1] == 'e' && m_text[m_pos - 2] == 'u';
        }
        else if (literal("null")) {
            v.type = JsonValue::Type::Null;
        }
        else {
            v.type = JsonValue::Type::Number;
            v.number = number();
        }
        return v;
    }
    double number()
    {
        size_t start = m_pos;
        if (m_text[m_pos] == '-')
            ++m_pos;
        if (m_pos >= m_text.size() || !std::isdigit(static_cast<unsigned char>(m_text[m_pos])))
            fail("bad number");
        if (m_text[m_pos] == '0' && m_pos + 1 < m_text.size()
            && std::isdigit(static_cast<unsigned char>(m_text[m_pos + 1])))
            fail("leading zero");
        auto digits = [&] {
            size_t s = m_pos;
            while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos])))
                ++m_pos;
            if (m_pos == s)
                fail("digits expected");
        };
        digits();
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            ++m_pos;
            digits();
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-'))
                ++m_pos;
            digits();
        }
        return std::strtod(m_text.substr(start, m_pos - start).c_str(), nullptr);
    }
    std::string string()
    {
        expect('"');
        std::string out;
        while (true) {
            if (m_pos >= m_text.size())
                fail("unterminated string");
            char c = m_text[m_pos++];
            if (c == '"')
                return out;
            if (static_cast<unsigned char>(c) < 0x20)
                fail("control character in string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_text.size())
                fail("bad escape");
            char e = m_text[m_pos++];
            if (e == 'u') {
                for (int k = 0; k < 4; ++k)
                    if (m_pos >= m_text.size()
                        || !std::isxdigit(static_cast<unsigned char>(m_text[m_pos++])))
                        fail("bad \\u escape");
                out += '?';
            }
            else if (std::strchr("\"\\/bfnrt", e)) {
                out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
            }
            else {
                fail("bad escape");
            }
        }
    }
    JsonValue array()
    {
        JsonValue v;
        v.type = JsonValue::Type::Array;
        expect('[');
        if (peek() == ']') {
            ++m_pos;
            return v;
        }
        while (true) {
            v.array.push_back(value());
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            expect(']');
            return v;
        }
    }
    JsonValue object()
    {
        JsonValue v;
        v.type = JsonValue::Type::Object;
        expect('{');
        if (peek() == '}') {
            ++m_pos;
            return v;
        }
        while (true) {
            peek();
            std::string key = string();
            expect(':');
            v.object[key] = value();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            expect('}');
            return v;
        }
    }

    const std::string& m_text;
    size_t m_pos = 0;
};

} // namespace mensa::test

import RoleExport
import Testing

@Suite struct JSONNodeParserTests {
    @Test func valuesCarryTheirLine() throws {
        let node = try JSONNodeParser.parse("{\n  \"a\": [\n    1,\n    \"x\"\n  ]\n}")
        guard case .array(let items) = node["a"]?.value else { Issue.record("not an array"); return }
        #expect(items.map(\.line) == [3, 4])
    }

    @Test func duplicateKeysAreKeptInOrder() throws {
        let node = try JSONNodeParser.parse(#"{"k": 1, "k": 2}"#)
        #expect(node.members?.map(\.key) == ["k", "k"])
        if case .number(let n) = node["k"]?.value { #expect(n == "2") } else { Issue.record("k is not a number") }
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        let node = try JSONNodeParser.parse(#""a\"b\\c\u00e9\ud83d\ude00""#)
        if case .string(let s) = node.value { #expect(s == "a\"b\\cé😀") } else { Issue.record("not a string") }
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1), ("[1 2]", 1), ("{\"a\" 1}", 1), ("\"open", 1), ("{}\n{}", 2), ("tru", 1), ("01", 1),
    ])
    func syntaxErrorsNameTheirLine(text: String, line: Int) {
        #expect(throws: JSONSyntaxError.self) { try JSONNodeParser.parse(text) }
        do { _ = try JSONNodeParser.parse(text) } catch { #expect(error.line == line) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        #expect(throws: JSONSyntaxError.self) { try JSONNodeParser.parse(String(repeating: "[", count: 10_000)) }
    }
}

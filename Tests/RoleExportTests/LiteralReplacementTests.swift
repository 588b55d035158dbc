import Foundation
import Testing
@testable import RoleExport

/// The renderers' own literal replacement gives what Foundation's `replacingOccurrences(of:with:)` gives.
@Suite("Literal replacement")
struct LiteralReplacementTests {
    static let cases: [(text: String, target: String, replacement: String)] = [
        ("Team \"A\" isn't 'ours'; $(touch pwned)", "'", "'\\''"),
        ("'''", "'", "'\\''"),
        ("arn:${AWS::Partition}:s3:::b/${aws:username}/${${x}", "${", "${!"),
        ("prefix $ { not a match } ends with ${", "${", "${!"),
        ("データ 'サイエンス' 🧪 e\u{301}'", "'", "'\\''"),
        ("", "'", "x"),
        ("no quote here", "'", "x"),
    ]

    @Test(arguments: 0..<cases.count)
    func agreesWithFoundation(_ index: Int) {
        let (text, target, replacement) = Self.cases[index]
        #expect(text.replacingLiteral(target, with: replacement)
                == text.replacingOccurrences(of: target, with: replacement))
    }
}

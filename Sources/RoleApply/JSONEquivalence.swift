import Foundation

/// Whether two JSON texts mean the same document: equal as parsed values, whatever their
/// spacing and key order. IAM hands documents back re-encoded, so text comparison is useless.
///
/// Compares the parsed values itself. The earlier `as? NSObject` bridge fails in the
/// statically linked release build (swift-corelibs-foundation returns Swift values there),
/// which fell back to comparing text: every document "differed" and re-runs were refused.
public enum JSONEquivalence {
    public static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let x = try? JSONSerialization.jsonObject(with: Data(a.utf8), options: [.fragmentsAllowed]),
              let y = try? JSONSerialization.jsonObject(with: Data(b.utf8), options: [.fragmentsAllowed]) else {
            return false
        }
        return equal(x, y)
    }

    static func equal(_ x: Any, _ y: Any) -> Bool {
        switch (x, y) {
        case let (x as [String: Any], y as [String: Any]):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        case let (x as [Any], y as [Any]):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (x as String, y as String):
            return x == y
        case (is NSNull, is NSNull):
            return true
        default:
            return scalar(x) == scalar(y) && scalar(x) != nil
        }
    }

    /// Numbers and booleans in one comparable form, whichever Foundation type each arrives as.
    private static func scalar(_ value: Any) -> String? {
        switch value {
        case let bool as Bool: return bool ? "true" : "false"
        case let int as Int: return String(int)
        case let double as Double: return String(double)
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }
}

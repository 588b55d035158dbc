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

    /// Numbers and booleans in one comparable form, whichever Foundation type each arrives as:
    /// Swift values (the static build) by their exact type, since `as Bool` would also take
    /// the number 1; an NSNumber by what it holds (a JSON boolean is a `c`, a char).
    private static func scalar(_ value: Any) -> String? {
        if type(of: value) == Bool.self, let bool = value as? Bool { return bool ? "true" : "false" }
        if type(of: value) == Int.self, let int = value as? Int { return String(int) }
        if type(of: value) == Double.self, let double = value as? Double { return String(double) }
        if let number = value as? NSNumber {
            let kind = String(cString: number.objCType)
            if kind == "c" || kind == "B" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        }
        return nil
    }
}

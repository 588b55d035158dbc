extension Array where Element == UInt8 {
    /// Appends text as UTF-8. The files smrole writes are built as bytes: a renderer appends thousands of short
    /// pieces, and appending to a byte array costs a fraction of appending to a `String`. The bytes are copied
    /// from the string's own storage in one go (a `utf8` view would be copied byte by byte).
    @inlinable
    package mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    @inlinable
    package mutating func append(_ text: Substring) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends `count` spaces (indentation).
    @inlinable
    package mutating func appendSpaces(_ count: Int) {
        for _ in 0..<count { append(0x20) }
    }
}

extension String {
    /// This text with every occurrence of `target` replaced, compared byte for byte (as Foundation's
    /// `replacingOccurrences(of:with:)` compares without options). Written out because, in the statically linked
    /// binary, Foundation's version bridges through NSString and costs more than the rest of a renderer's line.
    func replacingLiteral(_ target: String, with replacement: String) -> String {
        let pattern = Array(target.utf8), bytes = Array(utf8)
        guard let first = pattern.first, bytes.contains(first) else { return self }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + replacement.utf8.count)
        var i = 0
        while i < bytes.count {
            let end = i + pattern.count
            if bytes[i] == first, end <= bytes.count, bytes[i..<end].elementsEqual(pattern) {
                result.append(contentsOf: replacement.utf8)
                i = end
            } else {
                result.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

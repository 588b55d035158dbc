import Foundation

/// The times in IAM Identity Center's token cache. The AWS CLI writes `2026-12-01T12:00:00Z`;
/// older botocore wrote `2026-12-01T12:00:00UTC`, and other SDKs add fractional seconds or an
/// offset. botocore reads them all (dateutil), so these are read: a date, `T` or a space, the
/// time with optional fractional seconds, then `Z`, `UTC` or `GMT` (any case, a space before
/// it allowed) or an offset `+HH:MM`, `+HHMM`, `+HH`. A time without a zone is refused: botocore
/// cannot compare it with the clock either.
public enum SSOTimestamp {
    public static func parse(_ text: String) -> Date? {
        var scanner = Array(text.utf8)[...]
        func number(_ digits: Int) -> Int? {
            guard scanner.count >= digits, scanner.prefix(digits).allSatisfy({ (0x30...0x39).contains($0) }) else {
                return nil
            }
            let value = scanner.prefix(digits).reduce(0) { $0 * 10 + Int($1 - 0x30) }
            scanner = scanner.dropFirst(digits)
            return value
        }
        func take(_ character: Character) -> Bool {
            guard scanner.first == character.asciiValue else { return false }
            scanner = scanner.dropFirst()
            return true
        }
        guard let year = number(4), take("-"), let month = number(2), take("-"), let day = number(2),
            take("T") || take("t") || take(" "),
            let hour = number(2), take(":"), let minute = number(2), take(":"), let second = number(2)
        else { return nil }
        var fraction = 0.0
        if take(".") || take(",") {
            let digits = scanner.prefix { (0x30...0x39).contains($0) }
            guard !digits.isEmpty else { return nil }
            fraction = Double("0." + String(decoding: digits, as: UTF8.self)) ?? 0
            scanner = scanner.dropFirst(digits.count)
        }
        _ = take(" ")
        let zone = String(decoding: scanner, as: UTF8.self)
        let offset: Int
        if ["z", "utc", "gmt"].contains(zone.lowercased()) {
            offset = 0
        } else if let sign = zone.first, sign == "+" || sign == "-" {
            scanner = scanner.dropFirst()
            guard let hours = number(2) else { return nil }
            var minutes = 0
            if !scanner.isEmpty {
                _ = take(":")
                guard let value = number(2) else { return nil }
                minutes = value
            }
            guard scanner.isEmpty, hours < 24, minutes < 60 else { return nil }
            offset = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, second)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day
        else { return nil }
        return date.addingTimeInterval(fraction - Double(offset))
    }

    /// `2026-12-01T12:00:00Z`, as the AWS CLI writes a token's expiry.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }
}

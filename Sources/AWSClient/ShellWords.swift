/// Python's `shlex.split` (POSIX mode), which botocore uses to read `[profile "my dev"]`
/// section names: words split on spaces, tabs and newlines; single quotes keep everything;
/// double quotes keep everything but `\"` and `\\`; a backslash outside quotes keeps the next
/// character. nil where shlex fails (an unclosed quote, a backslash at the end).
enum ShellWords {
    static func split(_ text: String) -> [String]? {
        enum State { case between, word, single, double }
        var words: [String] = []
        var word = ""
        var state = State.between
        var characters = text.makeIterator()
        while let character = characters.next() {
            switch state {
            case .between, .word:
                if " \t\r\n".contains(character) {
                    if state == .word { words.append(word); word = "" }
                    state = .between
                } else if character == "\\" {
                    guard let next = characters.next() else { return nil }
                    word.append(next)
                    state = .word
                } else if character == "'" {
                    state = .single
                } else if character == "\"" {
                    state = .double
                } else {
                    word.append(character)
                    state = .word
                }
            case .single:
                if character == "'" { state = .word } else { word.append(character) }
            case .double:
                if character == "\"" {
                    state = .word
                } else if character == "\\" {
                    guard let next = characters.next() else { return nil }
                    if next != "\"" && next != "\\" { word.append("\\") }
                    word.append(next)
                } else {
                    word.append(character)
                }
            }
        }
        switch state {
        case .single, .double: return nil
        case .word: words.append(word)
        case .between: break
        }
        return words
    }
}

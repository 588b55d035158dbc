import WizardCore

/// Turns a backend's input codes into wizard events: keys, a whole bracketed paste, resizes.
/// Pure over the backend, so it is tested in memory.
final class KeyDecoder {
    let backend: TerminalBackend
    /// An event read while deciding what came before it (a resize right behind an Esc).
    private var pending: WizardEvent?

    init(backend: TerminalBackend) { self.backend = backend }

    /// The next event, or nil when nothing arrived within `milliseconds`.
    func next(milliseconds: Int) -> WizardEvent? {
        if let event = pending {
            pending = nil
            return event
        }
        guard let code = backend.read(milliseconds: milliseconds) else { return nil }
        switch code {
        case .key(let key): return special(key)
        case .scalar(let value): return character(value)
        }
    }

    private func special(_ key: TerminalKey) -> WizardEvent? {
        switch key {
        case .resize: return .resize(backend.size)
        case .up: return .key(.up)
        case .down: return .key(.down)
        case .left: return .key(.left)
        case .right: return .key(.right)
        case .home: return .key(.home)
        case .end: return .key(.end)
        case .pageUp: return .key(.pageUp)
        case .pageDown: return .key(.pageDown)
        case .backTab: return .key(.backTab)
        case .backspace: return .key(.backspace)
        case .delete: return .key(.delete)
        case .enter: return .key(.enter)
        case .pasteStart: return .key(.paste(readPaste()))
        case .pasteEnd: return nil
        case .function(let n): return (1...12).contains(n) ? .key(.function(n)) : nil
        }
    }

    private func character(_ value: UInt32) -> WizardEvent? {
        switch value {
        case 13, 10: return .key(.enter)
        case 9: return .key(.tab)
        case 127, 8: return .key(.backspace)
        case 27:
            // Alt-x arrives as Esc then x at once (both are dropped); a lone Esc has nothing behind
            // it, or a key or resize of its own (ncurses decoded it), which is kept for next time.
            switch backend.read(milliseconds: 0) {
            case nil: return .key(.escape)
            case .scalar?: return nil
            case .key(let key)?:
                pending = special(key)
                return .key(.escape)
            }
        case 1...26: return .key(.control(Character(Unicode.Scalar(value + 96)!)))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// Collects a bracketed paste up to its end marker (or a quiet second, if it never comes).
    private func readPaste() -> String {
        var text = ""
        var quiet = 0
        while quiet < 10 {
            guard let code = backend.read(milliseconds: 100) else { quiet += 1; continue }
            quiet = 0
            switch code {
            case .key(.pasteEnd): return text
            case .key(.enter), .scalar(13): text += "\n"
            case .key: continue
            case .scalar(let value): if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
            }
        }
        return text
    }
}

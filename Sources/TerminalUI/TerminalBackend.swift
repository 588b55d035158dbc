import WizardCore

/// What a terminal gives the driver, decoded from the library's codes into the driver's
/// own words, so the same loop runs on ncurses and in memory (tests).
public enum InputCode: Equatable, Sendable {
    /// A typed Unicode scalar (control characters included: 13 is Enter, 27 Esc).
    case scalar(UInt32)
    case key(TerminalKey)
}

public enum TerminalKey: Equatable, Sendable {
    case up, down, left, right, home, end, pageUp, pageDown, backTab, backspace, delete, enter
    case resize, pasteStart, pasteEnd
    case function(Int)
}

/// The terminal the driver runs on: ncurses on /dev/tty (`CursesBackend`) or a screen in
/// memory (`MemoryBackend`, what the driver's tests run on, as ratatui's TestBackend).
public protocol TerminalBackend: AnyObject {
    var size: Size { get }
    var utf8: Bool { get }
    /// The next input, waiting at most `milliseconds` (0: only what is there already).
    func read(milliseconds: Int) -> InputCode?
    /// Paints a whole frame and leaves the cursor where the frame says.
    func draw(_ frame: Frame)
    /// A signal that arrived (SIGINT, SIGTERM, SIGHUP), or 0.
    func takeSignal() -> Int32
    /// Restores the terminal: modes, screen, bracketed paste. Called on every exit path.
    func close()
}

import CNcursesw
import Glibc
import WizardCore

public enum TerminalError: Error, CustomStringConvertible {
    case noTerminal
    case unusableTerminal(String)

    public var description: String {
        switch self {
        case .noTerminal:
            return "smrole wizard needs a terminal (/dev/tty), and there is none. Write an answers file and run: smrole generate --answers FILE (see docs/answers-file.md)."
        case .unusableTerminal(let term):
            return "the terminal type '\(term)' is unknown to ncurses. Set TERM (e.g. xterm-256color), use --plain, or run: smrole generate --answers FILE."
        }
    }
}

/// ncurses on /dev/tty: set up with the modes the wizard needs, torn down on every exit
/// path. Drawing on /dev/tty keeps stdout free for the result.
final class TerminalSession {
    let screen: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>
    private let input: UnsafeMutablePointer<FILE>
    private let output: UnsafeMutablePointer<FILE>
    let utf8: Bool
    let colors: Bool
    private var closed = false

    static let pasteStart = smrole_key_max() + 1
    static let pasteEnd = smrole_key_max() + 2

    init() throws(TerminalError) {
        setlocale(LC_ALL, "")
        utf8 = String(cString: smrole_codeset()).uppercased().filter { $0 != "-" } == "UTF8"
        guard let output = fopen("/dev/tty", "w") else { throw .noTerminal }
        guard let input = fopen("/dev/tty", "r") else {
            fclose(output)
            throw .noTerminal
        }
        self.input = input
        self.output = output
        SignalGuard.install(outputDescriptor: fileno(output))
        guard let screen = newterm(nil, output, input) else {
            SignalGuard.uninstall()
            fclose(input)
            fclose(output)
            throw .unusableTerminal(getenv("TERM").map { String(cString: $0) } ?? "")
        }
        self.screen = screen
        window = smrole_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        wtimeout(window, 100)
        if getenv("ESCDELAY") == nil { set_escdelay(25) }
        let noColor = getenv("NO_COLOR").map { String(cString: $0).isEmpty == false } ?? false
        colors = has_colors() && !noColor
        if colors {
            start_color()
            use_default_colors()
            for (index, color) in Self.palette.enumerated() { init_pair(Int16(index + 1), color, -1) }
        }
        // Bracketed paste, reported as two private key codes.
        fputs("\u{1b}[?2004h", output)
        fflush(output)
        define_key("\u{1b}[200~", Self.pasteStart)
        define_key("\u{1b}[201~", Self.pasteEnd)
        // Arrow keys in CSI form from senders that ignore application mode.
        for (sequence, key) in [("\u{1b}[A", KEY_UP), ("\u{1b}[B", KEY_DOWN), ("\u{1b}[C", KEY_RIGHT), ("\u{1b}[D", KEY_LEFT),
                                ("\u{1b}[H", KEY_HOME), ("\u{1b}[F", KEY_END)] where key_defined(sequence) == 0 {
            define_key(sequence, key)
        }
    }

    /// Colours of `Style.Color`, in order, as colour-pair numbers 1…n.
    static let palette: [Int16] = [Int16(COLOR_CYAN), Int16(COLOR_GREEN), Int16(COLOR_YELLOW), Int16(COLOR_RED),
                                   -1, Int16(COLOR_CYAN), Int16(COLOR_GREEN), Int16(COLOR_MAGENTA)]

    var size: Size { Size(width: Int(getmaxx(window)), height: Int(getmaxy(window))) }

    func close() {
        guard !closed else { return }
        closed = true
        fputs("\u{1b}[?2004l", output)
        fflush(output)
        endwin()
        delscreen(screen)
        SignalGuard.uninstall()
        fclose(input)
        fclose(output)
    }

    deinit { close() }
}

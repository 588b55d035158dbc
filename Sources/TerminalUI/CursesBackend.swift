import CNcursesw
import WizardCore

/// ncursesw on /dev/tty as a `TerminalBackend`: input through `wget_wch`, frames through
/// `FramePainter`, signals from `SignalGuard`.
final class CursesBackend: TerminalBackend {
    private let session: TerminalSession
    private let painter: FramePainter
    private var timeout: Int32 = -2

    init() throws(TerminalError) {
        session = try TerminalSession()
        painter = FramePainter(session: session)
    }

    var size: Size { session.size }
    var utf8: Bool { session.utf8 }

    func read(milliseconds: Int) -> InputCode? {
        let wanted = Int32(max(0, milliseconds))
        if wanted != timeout {
            wtimeout(session.window, wanted)
            timeout = wanted
        }
        var code: wint_t = 0
        let result = wget_wch(session.window, &code)
        if result == ERR { return nil }
        if result != KEY_CODE_YES { return .scalar(UInt32(code)) }
        return Self.key(Int32(code)).map(InputCode.key)
    }

    static func key(_ code: Int32) -> TerminalKey? {
        switch code {
        case KEY_RESIZE: return .resize
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case TerminalSession.pasteStart: return .pasteStart
        case TerminalSession.pasteEnd: return .pasteEnd
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    func draw(_ frame: Frame) { painter.paint(frame) }

    func takeSignal() -> Int32 { SignalGuard.take() }

    func close() { session.close() }
}

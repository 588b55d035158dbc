import Foundation
import WizardCore

/// A terminal in memory, for testing the driver without tmux (ratatui's TestBackend): a
/// script of input, signals and resizes, each step taken once the screen shows what the
/// test waits for; every frame drawn is kept as rows of cells with the cursor.
public final class MemoryBackend: TerminalBackend, @unchecked Sendable {
    public enum Step: Sendable {
        case input([InputCode])
        /// Waits until the drawn screen contains the text (the test fails after `patience`).
        case waitFor(String)
        case signal(Int32)
        case resize(Size)
        /// Runs test code at this point of the script (e.g. lets a fake AWS call answer).
        case run(@Sendable () -> Void)
    }

    private let lock = NSLock()
    private var script: [Step]
    private var pending: [InputCode] = []
    private var pendingSignal: Int32 = 0
    private var currentSize: Size
    private var deadline: Date
    public let patience: TimeInterval
    public private(set) var frames = 0
    public private(set) var screen: [String] = []
    public private(set) var cursor: (row: Int, column: Int)?
    public private(set) var closed = false
    /// What the script waited for in vain, if anything.
    public private(set) var timedOutWaitingFor: String?
    public let utf8: Bool

    public init(size: Size = Size(width: 80, height: 24), utf8: Bool = true, patience: TimeInterval = 30, _ script: [Step]) {
        self.script = script
        currentSize = size
        self.utf8 = utf8
        self.patience = patience
        deadline = Date().addingTimeInterval(patience)
    }

    public var size: Size { lock.lock(); defer { lock.unlock() }; return currentSize }

    /// Typed text as scalars, as a terminal delivers it.
    public static func typing(_ text: String) -> Step { .input(text.unicodeScalars.map { .scalar($0.value) }) }

    public func read(milliseconds: Int) -> InputCode? {
        lock.lock()
        advance()
        if !pending.isEmpty {
            let code = pending.removeFirst()
            lock.unlock()
            return code
        }
        lock.unlock()
        // Nothing yet: time passes as it would at a terminal (bounded, so tests stay quick).
        if milliseconds > 0 { Thread.sleep(forTimeInterval: Double(min(milliseconds, 10)) / 1000) }
        return nil
    }

    /// Takes the script's next steps while they need no waiting. Called with the lock held.
    private func advance() {
        while pending.isEmpty, pendingSignal == 0, let step = script.first {
            switch step {
            case .input(let codes):
                pending = codes
            case .waitFor(let text):
                if !screen.joined(separator: "\n").contains(text) {
                    if Date() > deadline {
                        timedOutWaitingFor = text
                        script.removeAll()
                        pendingSignal = SIGHUP
                    }
                    return
                }
            case .signal(let number):
                pendingSignal = number
            case .resize(let size):
                currentSize = size
                pending = [.key(.resize)]
            case .run(let body):
                lock.unlock()
                body()
                lock.lock()
            }
            script.removeFirst()
            deadline = Date().addingTimeInterval(patience)
        }
        // The script is over: the terminal hangs up, as a closed window does.
        if script.isEmpty, pending.isEmpty, pendingSignal == 0, timedOutWaitingFor == nil, !hungUp {
            hungUp = true
            pendingSignal = SIGHUP
        }
    }

    private var hungUp = false

    public func takeSignal() -> Int32 {
        lock.lock(); defer { lock.unlock() }
        advance()
        let number = pendingSignal
        pendingSignal = 0
        return number
    }

    public func draw(_ frame: Frame) {
        let rows = frame.rows.map { row in row.map(\.text).joined() }
        lock.lock()
        screen = rows
        cursor = frame.cursor
        frames += 1
        lock.unlock()
    }

    public func close() { lock.lock(); closed = true; lock.unlock() }

    /// The screen as text with the cursor cell marked `▮` (trailing spaces removed): what
    /// the driver's golden frames hold, cursor position included.
    public var screenWithCursor: String {
        lock.lock(); defer { lock.unlock() }
        var rows = screen
        if let cursor, rows.indices.contains(cursor.row) {
            var cells = Array(rows[cursor.row])
            var column = 0, index = 0
            while index < cells.count, column < cursor.column {
                column += DisplayWidth.of(cells[index])
                index += 1
            }
            while cells.count <= index { cells.append(" ") }
            cells[index] = "▮"
            rows[cursor.row] = String(cells)
        }
        return rows.map { row in
            var line = row
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n" + "cursor: \(cursor.map { "row \($0.row), column \($0.column)" } ?? "hidden")\n"
    }
}

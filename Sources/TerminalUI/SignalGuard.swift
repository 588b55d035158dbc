import CNcursesw
import Glibc
import Synchronization

/// The signal a handler saw, for the main loop to act on (0: none).
let pendingSignal = Atomic<Int32>(0)
/// The terminal modes before the wizard started, restored by the crash handler.
nonisolated(unsafe) var savedTerminalModes = termios()
nonisolated(unsafe) var terminalOutputDescriptor: Int32 = -1
/// Leave bracketed paste, leave the alternate screen, show the cursor, reset attributes.
let restoreSequence: StaticString = "\u{1b}[?2004l\u{1b}[?1049l\u{1b}[?25h\u{1b}[0m\r\n"

/// Signals and the terminal: SIGINT, SIGTERM and SIGHUP become a flag the main loop turns
/// into a clean exit (130, 143, 129); crash signals restore the terminal with
/// async-signal-safe calls only and then die as they would have.
enum SignalGuard {
    static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]

    /// Installed before `newterm`, so ncurses keeps ours instead of its own.
    static func install(outputDescriptor: Int32) {
        terminalOutputDescriptor = outputDescriptor
        _ = tcgetattr(outputDescriptor, &savedTerminalModes)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { received in pendingSignal.store(received, ordering: .relaxed) }
        }
        for sig in crashSignals {
            signal(sig) { received in
                if terminalOutputDescriptor >= 0 {
                    _ = tcsetattr(terminalOutputDescriptor, TCSANOW, &savedTerminalModes)
                    _ = write(terminalOutputDescriptor, restoreSequence.utf8Start, restoreSequence.utf8CodeUnitCount)
                }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    static func uninstall() {
        for sig in [SIGINT, SIGTERM, SIGHUP] + crashSignals { signal(sig, SIG_DFL) }
        terminalOutputDescriptor = -1
    }

    static func take() -> Int32 { pendingSignal.exchange(0, ordering: .relaxed) }
}

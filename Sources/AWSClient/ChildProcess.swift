import Foundation
import Glibc

/// A command run by `/bin/sh -c` for what it prints, as a credential_process is run: in a
/// process group of its own, so that giving up on it ends everything it started; its stdout
/// and stderr read together, so a command that fills one pipe while smrole waits on the other
/// cannot block; within a time limit, and cancellable (Ctrl-C).
struct ChildProcess {
    var command: String
    var timeout: TimeInterval
    var cancellation: CancellationGroup.Mark
    /// stdout past this is refused (credentials are a few kilobytes).
    var maxOutputBytes = 1 << 20
    /// stderr is drained whatever its size, and this much of its end kept for messages.
    var keptErrorBytes = 4 << 10

    struct Finished {
        /// The exit status, or nil when a signal ended it (`signal` says which).
        var status: Int32?
        var signal: Int32?
        var output: Data
        var errors: Data
    }

    enum Failure: Error, Equatable {
        case cannotStart(String)
        case timedOut
        case cancelled
        /// It stopped on SIGTTIN/SIGTTOU: it tried to use the terminal, which it does not own.
        case stoppedForTerminal
        case outputTooLarge
    }

    func run() throws(Failure) -> Finished {
        let (pid, output, errors) = try spawn()
        let end = ContinuousClock.now + .seconds(timeout)
        var streams = [
            Stream(fd: output, keep: .head(maxOutputBytes + 1)), Stream(fd: errors, keep: .tail(keptErrorBytes)),
        ]
        defer { streams.forEach { if $0.fd >= 0 { close($0.fd) } } }
        var exit: Int32?
        while true {
            if exit == nil {
                var status: Int32 = 0
                let waited = waitpid(pid, &status, WNOHANG | WUNTRACED)
                if waited == pid {
                    if status & 0xff == 0x7f {  // stopped, not ended: by SIGTTIN/SIGTTOU, it wanted the terminal
                        let signal = (status >> 8) & 0xff
                        if signal == SIGTTIN || signal == SIGTTOU { Self.end(pid); throw .stoppedForTerminal }
                    } else {
                        exit = status
                    }
                } else if waited == -1, errno == ECHILD {
                    exit = 0  // reaped elsewhere (SIGCHLD ignored): its output decides
                }
            }
            if cancellation.isCancelled, exit == nil { Self.end(pid); throw .cancelled }
            let left = (end - ContinuousClock.now).seconds
            if left <= 0, exit == nil { Self.end(pid); throw .timedOut }
            if streams.allSatisfy({ $0.fd < 0 }) {
                if exit != nil { break }
                Thread.sleep(forTimeInterval: min(0.01, left))  // pipes closed, command still running
                continue
            }
            // Once the command has exited, take what its pipes hold and stop: a background
            // process it left behind may keep them open for ever.
            let received = Self.drain(&streams, waitingMs: exit == nil ? Int32(min(50, max(1, left * 1000))) : 0)
            if exit != nil, !received { break }
            if streams[0].data.count > maxOutputBytes { Self.end(pid); throw .outputTooLarge }
        }
        let status = exit ?? 0
        let signal = status & 0x7f
        return Finished(
            status: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal,
            output: streams[0].data, errors: Data(streams[1].data.suffix(keptErrorBytes)))
    }

    /// One pipe being read: what is kept of it.
    private struct Stream {
        enum Keep { case head(Int), tail(Int) }
        var fd: Int32
        var keep: Keep
        var data = Data()

        mutating func take(_ bytes: UnsafeRawBufferPointer) {
            data.append(contentsOf: bytes)
            switch keep {
            case .head(let limit): if data.count > limit { data = Data(data.prefix(limit)) }
            case .tail(let limit): if data.count > 2 * limit { data = Data(data.suffix(limit)) }
            }
        }
    }

    /// Reads what is ready on the open pipes, waiting up to `waitingMs` for something;
    /// false when nothing was ready. A pipe at end of file is closed and marked -1.
    private static func drain(_ streams: inout [Stream], waitingMs: Int32) -> Bool {
        var fds = streams.filter { $0.fd >= 0 }.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        guard !fds.isEmpty else { return false }
        guard poll(&fds, nfds_t(fds.count), waitingMs) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        for ready in fds where ready.revents != 0 {
            guard let index = streams.firstIndex(where: { $0.fd == ready.fd }) else { continue }
            let n = read(ready.fd, &buffer, buffer.count)
            if n > 0 {
                buffer.withUnsafeBytes { streams[index].take(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            } else if n == 0 || errno != EINTR {
                close(ready.fd)
                streams[index].fd = -1
            }
        }
        return true
    }

    /// Kills the command's whole process group and reaps the command.
    private static func end(_ pid: pid_t) {
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Starts `/bin/sh -c command` in a new process group, stdin inherited (as the AWS CLI
    /// does), stdout and stderr to pipes; signals at their defaults and none blocked, whatever
    /// smrole's threads do with theirs.
    private func spawn() throws(Failure) -> (pid_t, output: Int32, errors: Int32) {
        var output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { throw .cannotStart(String(cString: strerror(errno))) }
        guard pipe(&errors) == 0 else {
            close(output[0]); close(output[1])
            throw .cannotStart(String(cString: strerror(errno)))
        }
        // The child gets the write ends as 1 and 2 only; no other process started meanwhile inherits any.
        for fd in output + errors { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTTIN, SIGTTOU] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { word in word.withCString { strdup($0) } } + [nil]
        defer { arguments.forEach { free($0) } }
        let started = posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments, environ)
        close(output[1])
        close(errors[1])
        guard started == 0 else {
            close(output[0]); close(errors[0])
            throw .cannotStart(String(cString: strerror(started)))
        }
        return (pid, output[0], errors[0])
    }
}

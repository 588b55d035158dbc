import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `smrole` binary that `CLI` runs, measured alone: wall time and peak resident memory,
/// with what `CLI.run` cannot set (the umask, extra environment variables).
///
/// Linux keeps `ru_maxrss` across `exec`, and `posix_spawn` runs the child in the parent's memory
/// until it execs, so `wait4` on a child of the test process reports the test process's own peak
/// (136 MiB late in a full run, whatever smrole used). A small Python process therefore starts
/// smrole and reports its children's peak, which only smrole's own pages make up.
enum MeasuredRun {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        /// CPU time (user + system) of smrole alone: unlike wall time, a busy machine barely changes it.
        var cpuSeconds: Double
        /// `ru_maxrss` of the child alone.
        var peakMemoryBytes: Int
        var peakMemoryMiB: Double { Double(peakMemoryBytes) / 1_048_576 }
    }

    static func run(_ arguments: [String], in directory: URL, stdin: String = "", umask mask: String? = nil,
                    environment extra: [String: String] = [:]) throws -> Result {
        let io = FileManager.default.temporaryDirectory.appendingPathComponent("smrole-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: io, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: io) }
        let input = io.appendingPathComponent("stdin").path, output = io.appendingPathComponent("stdout").path
        let errors = io.appendingPathComponent("stderr").path
        try Data(stdin.utf8).write(to: URL(fileURLWithPath: input))

        let peakFile = io.appendingPathComponent("peak").path
        let argv = ["/usr/bin/env", "python3", "-c", Self.measurer, directory.path, mask ?? "", peakFile, CLI.binary.path]
            + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { _, new in new }
        let envp = environment.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let started = Date()
        var pid: pid_t = 0
        let spawned = withCStrings(argv) { argvPointers in
            withCStrings(envp) { envPointers in
                posix_spawn(&pid, argv[0], &actions, nil, argvPointers, envPointers)
            }
        }
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        let seconds = Date().timeIntervalSince(started)
        let usage = ((try? String(contentsOfFile: peakFile, encoding: .utf8)) ?? "").split(separator: " ")
        let peakKiB = usage.first.flatMap { Int($0) } ?? Int.max / 2048
        let cpuSeconds = usage.count > 1 ? Double(usage[1]) ?? .infinity : .infinity
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitStatus,
                      stdout: (try? String(contentsOfFile: output, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "",
                      seconds: seconds, cpuSeconds: cpuSeconds, peakMemoryBytes: peakKiB * 1024)
    }

    /// Enters the folder, sets the umask, runs smrole, writes its peak (KiB) and exits as smrole did.
    static let measurer = """
        import os, resource, subprocess, sys
        folder, mask, peak = sys.argv[1:4]
        os.chdir(folder)
        if mask: os.umask(int(mask, 8))
        code = subprocess.run(sys.argv[4:]).returncode
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        open(peak, "w").write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
        sys.exit(code if code >= 0 else 128 - code)
        """

    /// A NULL-terminated C array of the strings, alive for the call.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}

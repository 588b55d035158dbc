import Foundation

/// Runs `count` pieces of I/O-bound work on exactly `width` threads of its own.
///
/// `DispatchQueue.concurrentPerform` is for CPU-bound work: it caps itself at the number of
/// cores, so `--concurrency 16` ran 2 at a time on a 2-core machine. Calls to AWS spend their
/// time waiting, so the width the user asked for is the width they get.
enum WorkerThreads {
    static func forEach(_ count: Int, width: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let threads = max(1, min(width, count))
        if threads == 1 {
            for index in 0..<count { body(index) }
            return
        }
        let next = NextIndex(limit: count)
        let finished = DispatchGroup()
        for _ in 0..<threads {
            finished.enter()
            let thread = Thread {
                while let index = next.take() { body(index) }
                finished.leave()
            }
            // Each worker waits on a socket; a small stack is plenty.
            thread.stackSize = 1 << 20
            thread.start()
        }
        finished.wait()
    }
}

/// Hands out 0, 1, 2, … to the workers, each index once.
private final class NextIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

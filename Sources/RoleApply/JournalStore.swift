import Foundation

/// An apply's journal as it is kept between processes: which role, when and by whom it was
/// started, and every change it intended, in order.
public struct JournalRecord: Codable, Sendable, Equatable {
    public var format = 1
    public var account: String
    public var role: String
    /// ISO 8601, UTC.
    public var started: String
    public var pid: Int32
    public var entries: [JournalEntry]

    public init(account: String, role: String, started: Date = Date(), pid: Int32 = getpid(),
                entries: [JournalEntry] = []) {
        self.account = account
        self.role = role
        self.started = ISO8601DateFormatter().string(from: started)
        self.pid = pid
        self.entries = entries
    }
}

/// Where the journal of one role's apply lives, and the lock that keeps two applies of the
/// same role from interleaving. `FileJournalStore` is what ships; tests may keep it in memory.
public protocol JournalStore: AnyObject, Sendable {
    /// Takes the role's lock for this process; refuses when another apply holds it.
    func lock() throws(JournalStoreError)
    func unlock()
    /// The journal of a run that did not finish, if any.
    func load() throws(JournalStoreError) -> JournalRecord?
    /// Durable when it returns: the next process finds exactly this.
    func save(_ record: JournalRecord) throws(JournalStoreError)
    func remove() throws(JournalStoreError)
    /// Where the journal is, for messages that tell the user what is left.
    var location: String { get }
}

public struct JournalStoreError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A journal that lives as long as the process: for tests, and for callers that do not want
/// a file (nothing survives a kill there).
public final class MemoryJournalStore: JournalStore, @unchecked Sendable {
    private let guardLock = NSLock()
    private var record: JournalRecord?
    private var locked = false
    public private(set) var saves = 0

    public init(_ record: JournalRecord? = nil) { self.record = record }

    public func lock() throws(JournalStoreError) {
        guardLock.lock()
        defer { guardLock.unlock() }
        if locked { throw JournalStoreError("another apply of this role is running in this process") }
        locked = true
    }

    public func unlock() { guardLock.lock(); locked = false; guardLock.unlock() }

    public func load() throws(JournalStoreError) -> JournalRecord? {
        guardLock.lock()
        defer { guardLock.unlock() }
        return record
    }

    public func save(_ record: JournalRecord) throws(JournalStoreError) {
        guardLock.lock()
        self.record = record
        saves += 1
        guardLock.unlock()
    }

    public func remove() throws(JournalStoreError) { guardLock.lock(); record = nil; guardLock.unlock() }

    public var location: String { "memory" }
}

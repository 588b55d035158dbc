/// An output folder smrole refused or could not write, with what to do about it.
public struct OutputError: Error, CustomStringConvertible {
    /// The folder or file the message is about.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

import CEmbeddedFiles
import Foundation

/// The JupyterLab version of a Studio user, as the console offers it: the default image of
/// the JupyterServer app (`JupyterServerAppSettings.DefaultResourceSpec.SageMakerImageArn`).
/// SageMaker's own images are owned by a different account in every region, so the ARN
/// comes from a table (Resources/jupyter-server-image-accounts.json, compiled in), never from a guess.
public enum JupyterLabImage {
    public struct UnknownError: Error, CustomStringConvertible {
        public var description: String
    }

    public static let versions = ["1", "3"]

    private struct Table: Decodable {
        var images: [String: String]
        var accounts: [String: String]
    }

    private static let table: Table? = {
        let file = smrole_embedded_file_get(SMROLE_FILE_JUPYTER_IMAGE_ACCOUNTS)
        let data = Data(UnsafeBufferPointer(start: file.bytes, count: file.count))
        return try? JSONDecoder().decode(Table.self, from: data)
    }()

    /// An image ARN as given, or the ARN of JupyterLab `1` or `3` in the region.
    public static func arn(_ choice: String, region: String) throws(UnknownError) -> String {
        if choice.hasPrefix("arn:") { return choice }
        guard let table, let image = table.images[choice] else {
            throw UnknownError(description: "'\(choice)' is not a JupyterLab version; allowed: \(versions.joined(separator: ", ")), or an image ARN")
        }
        guard let account = table.accounts[region] else {
            throw UnknownError(description: "the JupyterLab \(choice) image ARN for region \(region) is not known to smrole; give the ARN itself")
        }
        return "arn:aws:sagemaker:\(region):\(account):image/\(image)"
    }
}

import Foundation
import StagecraftLint

/// Finds and reads lint settings: an explicit --config, else `.stagecraft.yml`/`.yaml`, else
/// `.hadolint.yaml`/`.yml`, in the current folder.
enum LintSettings {
    static func load(explicit: String?) throws -> LintConfiguration {
        let candidates = explicit.map { [$0] } ?? [".stagecraft.yml", ".stagecraft.yaml", ".hadolint.yaml", ".hadolint.yml"]
        for path in candidates {
            guard FileManager.default.fileExists(atPath: path) else {
                if explicit != nil { throw CommandFailure("\(path): error: no such configuration file") }
                continue
            }
            guard let bytes = InputFile.readFile(path) else { throw CommandFailure("\(path): error: cannot be read") }
            do {
                return try ConfigurationFile.parse(String(decoding: bytes, as: UTF8.self), path: path)
            } catch let error as ConfigurationFile.Error {
                throw CommandFailure(error)
            }
        }
        return LintConfiguration()
    }
}

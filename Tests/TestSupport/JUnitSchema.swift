import Foundation
import Testing

/// JUnit reports checked against the XSD CI servers read (Jenkins' and Surefire's junit-10.xsd),
/// with the `xmlschema` package. scripts/test.sh fetches the XSD and names it in
/// `STAGECRAFT_TEST_JUNIT_XSD`.
public enum JUnitSchema {
    static let validator = """
        import sys, xmlschema
        schema = xmlschema.XMLSchema(sys.argv[1])
        failed = False
        for path in sys.argv[2:]:
            errors = list(schema.iter_errors(path))
            for error in errors[:5]:
                print(f"{path}: {error.reason} at {error.path}")
            failed = failed or bool(errors)
            print(f"{path}: {'invalid' if errors else 'valid'}")
        sys.exit(1 if failed else 0)
        """

    /// The validator's output when it could run; nil (with the reason recorded in CI, printed
    /// elsewhere) when the XSD or `xmlschema` is missing.
    public static func validate(_ files: [String]) throws -> ProcessResult? {
        guard let schema = ProcessInfo.processInfo.environment["STAGECRAFT_TEST_JUNIT_XSD"],
            FileManager.default.fileExists(atPath: schema), let python = Paths.executable(named: "python3"),
            (try? ProcessRunner.run(python, ["-c", "import xmlschema"]))?.status == 0
        else {
            let reason = "the JUnit XSD or xmlschema is missing; scripts/test.sh fetches both"
            if Paths.isCI { Issue.record(Comment(rawValue: reason)) } else { print("skipped: \(reason)") }
            return nil
        }
        return try ProcessRunner.run(python, ["-c", validator, schema] + files)
    }
}

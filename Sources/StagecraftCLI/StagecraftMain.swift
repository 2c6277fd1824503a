import ArgumentParser
import Foundation
import StagecraftReporting

/// Entry point: runs the root command and maps every outcome to a documented exit code.
///
/// Exit codes: 0 success; 1 findings at or above the failure threshold (checks that gate);
/// 2 unusable input or usage (a file that cannot be read or parsed, an unknown flag).
public enum StagecraftMain {
    /// Runs `stagecraft` with the process arguments and exits.
    public static func run() -> Never {
        exit(execute(Array(CommandLine.arguments.dropFirst())))
    }

    /// Runs `stagecraft` with `arguments` and returns the exit code.
    public static func execute(_ arguments: [String]) -> Int32 {
        do {
            var command = try Stagecraft.parseAsRoot(arguments)
            try LargeStack.run { try command.run() }
            return 0
        } catch let failure as CommandFailure {
            // A failure whose report is already printed (findings, a failed build) says nothing more.
            if !failure.message.isEmpty { Console.error(failure.message) }
            return failure.exitCode
        } catch let problem as any InputProblem {
            // A library's error, as data: worded here, the one place that words errors.
            Console.error(CommandFailure.words(problem))
            return ExitStatus.usage
        } catch {
            let code = Stagecraft.exitCode(for: error)
            if code == .success {
                Console.output(Stagecraft.fullMessage(for: error))
                return 0
            }
            Console.error(Stagecraft.fullMessage(for: error))
            return code == .validationFailure ? ExitStatus.usage : code.rawValue
        }
    }
}

/// stagecraft's exit codes.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let findings: Int32 = 1
    public static let usage: Int32 = 2
}

/// A failure a command reports to the user, with the exit code to leave with.
public struct CommandFailure: Error, CustomStringConvertible {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = ExitStatus.usage) {
        self.message = message
        self.exitCode = exitCode
    }

    /// A library's error, worded the one way the command line words errors:
    /// `file:line:column: error: what is wrong; what to do`.
    public init(_ problem: any InputProblem, exitCode: Int32 = ExitStatus.usage) {
        self.init(Self.words(problem), exitCode: exitCode)
    }

    /// `file:line:column: error: problem; remedy`, or `error: problem; remedy` with no place.
    public static func words(_ problem: any InputProblem) -> String {
        let place = problem.position.text
        return (place.isEmpty ? "" : place + ": ") + "error: " + problem.problem + (problem.remedy.map { "; " + $0 } ?? "")
    }

    public var description: String { message }
}

/// The root command.
public struct Stagecraft: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stagecraft",
        abstract: "Check, build, test, measure and gate multi-stage container builds.",
        discussion: "Exit codes: 0 success, 1 findings at or above the threshold, 2 unusable input or usage.",
        version: "0.1.0",
        subcommands: [
            Parse.self, Graph.self, Lint.self, Rules.self, Explain.self, Inspect.self, Compare.self, Build.self, Test.self,
            Clean.self,
            SBOM.self, Scan.self, Database.self, HistoryCommand.self, Gate.self, Report.self, CI.self, Init.self, Config.self,
        ]
    )
    public init() {}
}

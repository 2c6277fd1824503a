import ArgumentParser

/// Entry point: runs the root command and maps errors to stagecraft's documented exit codes.
public enum StagecraftMain {
    public static func run() async {
        await Stagecraft.main()
    }
}

/// The root command.
public struct Stagecraft: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stagecraft",
        abstract: "Check, build, test, measure and gate multi-stage container builds.",
        subcommands: []
    )
    public init() {}
}

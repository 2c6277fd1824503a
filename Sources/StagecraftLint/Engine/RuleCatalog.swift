/// Every rule stagecraft ships, in catalogue order.
public enum RuleCatalog {
    public static let all: [any Rule] = [
        // Instructions
        MaintainerDeprecated(), WorkdirAbsolute(), ExposeValidPort(), ExposeProtocolCase(), ExposeFormat(), ExecFormCommand(),
        MultipleCmd(), MultipleEntrypoint(), MultipleHealthcheck(), InstructionBeforeFrom(), OnbuildNesting(),
        CopyMultipleSources(), AddInsteadOfCopy(),
        // Stages
        CopyFromUnknownStage(), CopyFromOwnStage(), DuplicateStageName(), ReservedStageName(), StageNameCasing(), FromAsCasing(),
        BaseImageTagged(), BaseImageLatest(), FromPlatformConstant(), RedundantTargetPlatform(), UndefinedArgInFrom(),
        InvalidDefaultArgInFrom(), BuildToolsInRuntime(), MinimalRuntimeBase(), RuntimeHealthcheck(), CopyBeforeInstall(),
        ChownAfterCopy(), CopyRelativeWithoutWorkdir(), UnreachableStage(),
        // Packages and shell
        AptPinVersions(), AptAssumeYes(), AptNoInstallRecommends(), AptListsCleanup(), AptGetNotApt(), ApkPinVersions(),
        ApkNoCache(), PipPinVersions(), PipNoCacheDir(), NpmPinVersions(), NpmOmitDev(), NpmCache(), YarnCacheClean(),
        CdInRun(), NoSudo(), WgetProgress(), WgetAndCurl(), PipefailShell(), ConsecutiveRuns(),
        // Security
        RootUser(), RuntimeNonRoot(), UserNumericUID(), SecretsInArgOrEnv(), TrustedRegistry(), AllowedBaseImage(),
        AddRemoteChecksum(),
        // Style
        LegacyKeyValue(), InstructionCasing(), EmptyContinuationLine(), SyntaxDirective(),
    ]

    /// The descriptions of every rule.
    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    /// The rule answering to an id or alias.
    public static func rule(named name: String) -> (any Rule)? { all.first { $0.description.answers(to: name) } }
}

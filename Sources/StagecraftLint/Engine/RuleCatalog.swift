/// Every rule stagecraft ships, in catalogue order.
public enum RuleCatalog {
    public static let all: [any Rule] = [
        // Instructions
        MaintainerDeprecated(), WorkdirAbsolute(), ExposeValidPort(), ExposeProtocolCase(), ExposeFormat(), ExecFormCommand(),
        MultipleCmd(), MultipleEntrypoint(), MultipleHealthcheck(), InstructionBeforeFrom(), OnbuildNesting(),
        CopyMultipleSources(), AddInsteadOfCopy(), EnvSelfReference(), LabelKeyFormat(), WorkdirSystemFolder(), ExposeSSH(),
        InlineIgnorePragma(), HealthcheckNeverFails(),
        // Stages
        CopyFromUnknownStage(), CopyFromOwnStage(), DuplicateStageName(), ReservedStageName(), StageNameCasing(), FromAsCasing(),
        BaseImageTagged(), BaseImageLatest(), FromPlatformConstant(), RedundantTargetPlatform(), UndefinedArgInFrom(),
        InvalidDefaultArgInFrom(), BuildToolsInRuntime(), MinimalRuntimeBase(), RuntimeHealthcheck(), CopyBeforeInstall(),
        ChownAfterCopy(), CopyRelativeWithoutWorkdir(), UnreachableStage(), CopyWholeFilesystem(), ExtractWithAdd(),
        UndefinedVariable(),
        // Packages and shell
        AptPinVersions(), AptAssumeYes(), AptNoInstallRecommends(), AptListsCleanup(), AptGetNotApt(), ApkPinVersions(),
        ApkNoCache(), PipPinVersions(), PipNoCacheDir(), NpmPinVersions(), NpmOmitDev(), NpmCache(), YarnCacheClean(),
        CdInRun(), NoSudo(), WgetProgress(), WgetAndCurl(), PipefailShell(), ConsecutiveRuns(), YumAssumeYes(), YumClean(),
        YumPinVersions(), DnfAssumeYes(), DnfClean(), DnfPinVersions(), ZypperNonInteractive(), ZypperDistUpgrade(),
        ZypperClean(),
        ZypperPinVersions(), GemPinVersions(), GoInstallVersion(), UnsuitableCommand(), LnBinSh(), UseraddLargeUID(),
        PackageUpdateAlone(), GitCloneUnpinned(), TestDependenciesInImage(),
        // Security
        RootUser(), RuntimeNonRoot(), UserNumericUID(), SecretsInArgOrEnv(), TrustedRegistry(), AllowedBaseImage(),
        AddRemoteChecksum(),
        // Style
        LegacyKeyValue(), InstructionCasing(), EmptyContinuationLine(), SyntaxDirective(), LabelRequired(), LabelUnexpected(),
        LabelEmpty(), LabelValueFormat(),
    ]

    /// Rules over a whole project: compose files, Dockerfiles and build contexts.
    public static let project: [any ProjectRule] = [
        ComposeTargetExists(), ComposeBuildPathsExist(), ComposeCacheFromBuilt(), ComposeHealthcheck(), ComposeDependencies(),
        ComposeUnknownKey(), ComposeVariableRequired(), CopySourceIgnored(), CopySourceExists(), BuildContextUnknown(),
        BuildCommandBroken(), ScriptImageUnbuilt(), NpmDevDependencyMissing(), ComposeHealthcheckNeverFails(),
        ComposeProfileUnknown(),
    ]

    /// The descriptions of every rule, Dockerfile and project rules alike.
    public static var descriptions: [RuleDescription] { all.map { $0.description } + project.map { $0.description } }

    /// The Dockerfile rule answering to an id or alias.
    public static func rule(named name: String) -> (any Rule)? { all.first { $0.description.answers(to: name) } }

    /// The description of any rule answering to an id or alias.
    public static func description(named name: String) -> RuleDescription? { descriptions.first { $0.answers(to: name) } }
}

/// Every rule stagecraft ships, in catalogue order.
public enum RuleCatalog {
    public static let all: [any Rule] = [
        // Instructions
        MaintainerDeprecated(), WorkdirAbsolute(), ExposeValidPort(), ExposeProtocolLowercase(), ExposeNoHostMapping(),
        ExecFormCmd(), MultipleCmd(), MultipleEntrypoint(), MultipleHealthcheck(), InstructionBeforeFrom(),
        OnbuildInvalidTrigger(), CopyMultipleSourcesDir(), CopyInsteadOfAdd(), EnvSameStatementReference(), LabelKeyFormat(),
        WorkdirSystemFolder(), ExposeSsh(), InlineIgnore(), HealthcheckNeverFails(),
        // Stages
        CopyFromUnknownStage(), CopyFromOwnStage(), DuplicateStageName(), ReservedStageName(), StageNameLowercase(),
        FromAsCasing(), BaseImageUntagged(), BaseImageLatest(), FromPlatformConstant(), RedundantTargetPlatform(),
        FromUndefinedArg(), FromDefaultArgInvalid(), BuildToolsInRuntime(), RuntimeBaseMinimal(), RuntimeHealthcheck(),
        CopyManifestsFirst(), CopyChown(), CopyRelativeWithoutWorkdir(), UnreachableStage(), CopyFromRoot(), ExtractWithAdd(),
        UndefinedVariable(),
        // Packages and shell
        AptPinVersions(), AptGetAssumeYes(), AptGetNoInstallRecommends(), AptListsCleanup(), AptGetNotApt(), ApkPinVersions(),
        ApkNoCache(), PipPinVersions(), PipNoCacheDir(), NpmPinVersions(), NpmOmitDev(), NpmCache(), YarnCacheClean(),
        WorkdirNotCd(), NoSudo(), WgetProgress(), WgetOrCurl(), Pipefail(), ConsecutiveRun(), YumAssumeYes(), YumClean(),
        YumPinVersions(), DnfAssumeYes(), DnfClean(), DnfPinVersions(), ZypperNonInteractive(), ZypperDistUpgrade(),
        ZypperClean(), ZypperPinVersions(), GemPinVersions(), GoInstallVersion(), UnsuitableCommand(), ShellInstruction(),
        UseraddNoLogInit(), PackageUpdateAlone(), GitCloneUnpinned(), TestDependenciesInImage(),
        // Security
        RuntimeUserRoot(), RuntimeUserMissing(), RuntimeUserNumeric(), SecretInArgOrEnv(), UntrustedRegistry(),
        BaseImageNotAllowed(), AddRemoteChecksum(),
        // Style
        EnvKeyValueFormat(), InstructionCasing(), EmptyContinuationLine(), SyntaxDirective(), LabelRequired(), LabelUnexpected(),
        LabelEmpty(), LabelValueFormat(),
    ]

    /// Rules over a whole project: compose files, Dockerfiles and build contexts.
    public static let project: [any ProjectRule] = [
        ComposeTargetMissing(), ComposeBuildPathMissing(), ComposeCacheFromUnbuilt(), ComposeHealthcheckMissing(),
        ComposeProfileDependency(), ComposeUnknownKey(), ComposeVariableRequired(), CopySourceIgnored(), CopySourceMissing(),
        BuildContextUnknown(), BuildCommandBroken(), ScriptImageUnbuilt(), NpmDevDependencyMissing(),
        ComposeHealthcheckNeverFails(), ComposeProfileUnknown(),
    ]

    /// The descriptions of every rule, Dockerfile and project rules alike.
    public static var descriptions: [RuleDescription] { all.map { $0.description } + project.map { $0.description } }

    /// The Dockerfile rule answering to an id or alias.
    public static func rule(named name: String) -> (any Rule)? { all.first { $0.description.answers(to: name) } }

    /// The description of any rule answering to an id or alias.
    public static func description(named name: String) -> RuleDescription? { descriptions.first { $0.answers(to: name) } }
}

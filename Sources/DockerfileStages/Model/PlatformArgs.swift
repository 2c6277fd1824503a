/// The build arguments BuildKit predefines from the build and target platforms.
/// See https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope
public struct PlatformArgs: Sendable, Equatable {
    /// The platform the build runs on, e.g. `linux/amd64`.
    public var buildPlatform: String
    /// The platform the image is built for.
    public var targetPlatform: String

    /// Creates the arguments; the target defaults to the build platform.
    public init(buildPlatform: String = PlatformArgs.host, targetPlatform: String? = nil) {
        self.buildPlatform = buildPlatform
        self.targetPlatform = targetPlatform ?? buildPlatform
    }

    /// The platform of this machine, in OCI form.
    public static var host: String {
        #if arch(arm64)
            return "linux/arm64"
        #elseif arch(arm)
            return "linux/arm/v7"
        #else
            return "linux/amd64"
        #endif
    }

    /// `BUILDPLATFORM`, `BUILDOS`, … `TARGETVARIANT`, in BuildKit's order.
    public var values: [(name: String, value: String)] {
        func parts(_ platform: String) -> (String, String, String) {
            let pieces = platform.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            return (pieces.first ?? "", pieces.count > 1 ? pieces[1] : "", pieces.count > 2 ? pieces[2] : "")
        }
        let build = parts(buildPlatform)
        let target = parts(targetPlatform)
        return [
            ("BUILDPLATFORM", buildPlatform), ("BUILDOS", build.0), ("BUILDARCH", build.1), ("BUILDVARIANT", build.2),
            ("TARGETPLATFORM", targetPlatform), ("TARGETOS", target.0), ("TARGETARCH", target.1),
            ("TARGETVARIANT", target.2),
        ]
    }

    /// The value of one predefined argument.
    public func value(of name: String) -> String? { values.first { $0.name == name }?.value }
}

extension PlatformArgs {
    public static func == (lhs: PlatformArgs, rhs: PlatformArgs) -> Bool {
        lhs.buildPlatform == rhs.buildPlatform && lhs.targetPlatform == rhs.targetPlatform
    }
}

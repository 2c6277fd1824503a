import StagecraftReporting

/// A version a scheme cannot read: which scheme, the text, and why.
public struct VersionError: InputProblem, Sendable, Equatable {
    public var scheme: String
    public var text: String
    public var reason: String

    public init(scheme: String, text: String, reason: String) {
        self.scheme = scheme
        self.text = text
        self.reason = reason
    }

    public var position: SourcePosition { SourcePosition() }
    public var problem: String { "\(scheme) version \"\(text)\" \(reason)" }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" {
            scalars.removeFirst()
        }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }

}

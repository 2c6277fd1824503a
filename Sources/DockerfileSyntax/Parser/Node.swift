/// One node of a Dockerfile syntax tree, mirroring BuildKit's `parser.Node`.
///
/// A parsed Dockerfile is a list of top-level nodes, one per instruction. BuildKit links an
/// instruction's arguments through `Next`; here they are the array ``next``. ONBUILD keeps its
/// inner instruction as the only child of its single argument node.
/// See https://github.com/moby/buildkit/blob/master/frontend/dockerfile/parser/parser.go
public struct Node: Sendable, Equatable {
    /// The node's fields live in one copy-on-write box: rules pass nodes around a lot, and a
    /// copy then costs one reference count instead of one per field. Most nodes are argument
    /// values with nothing but a value: those are kept as the string alone (no box; a short
    /// string allocates nothing), which halves the allocations of a parse.
    private final class Storage: @unchecked Sendable {
        var value: String
        var next: [Node]
        var children: [Node]
        var isJSON: Bool
        var original: String
        var flags: [String]
        var startLine: Int
        var endLine: Int
        var heredocs: [Heredoc]
        var comments: [String]
        var lowercased: String?

        init(
            value: String, next: [Node], children: [Node], isJSON: Bool, original: String, flags: [String],
            startLine: Int, endLine: Int, heredocs: [Heredoc], comments: [String], lowercased: String?
        ) {
            self.value = value
            self.next = next
            self.children = children
            self.isJSON = isJSON
            self.original = original
            self.flags = flags
            self.startLine = startLine
            self.endLine = endLine
            self.heredocs = heredocs
            self.comments = comments
            self.lowercased = lowercased
        }

        convenience init(value: String) {
            self.init(
                value: value, next: [], children: [], isJSON: false, original: "", flags: [], startLine: 0, endLine: 0,
                heredocs: [], comments: [], lowercased: nil)
        }

        func copy() -> Storage {
            Storage(
                value: value, next: next, children: children, isJSON: isJSON, original: original, flags: flags,
                startLine: startLine, endLine: endLine, heredocs: heredocs, comments: comments, lowercased: lowercased)
        }
    }

    private enum Representation {
        /// A node with only a value.
        case value(String)
        case box(Storage)
    }

    private var representation: Representation

    /// The box, made (from a value-only node) or copied (when shared) so it can be changed.
    private mutating func unique() -> Storage {
        switch representation {
        case .value(let value):
            let storage = Storage(value: value)
            representation = .box(storage)
            return storage
        case .box(var storage):
            // The enum's own reference is let go first, so a box no other node shares is seen as
            // unique and changed in place.
            representation = .value("")
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            representation = .box(storage)
            return storage
        }
    }

    /// The box, when the node has more than a value.
    private var storage: Storage? {
        if case .box(let storage) = representation { return storage }
        return nil
    }

    /// The instruction keyword as written (top-level nodes), or an argument's text.
    public var value: String {
        get {
            switch representation {
            case .value(let value): value
            case .box(let storage): storage.value
            }
        }
        set {
            if case .value = representation {
                representation = .value(newValue)
            } else {
                unique().value = newValue
            }
        }
    }
    /// The instruction's arguments in order (top-level nodes only).
    public var next: [Node] {
        get { storage?.next ?? [] }
        set { unique().next = newValue }
    }
    /// Nested instructions: ONBUILD's argument node holds its inner instruction here.
    public var children: [Node] {
        get { storage?.children ?? [] }
        set { unique().children = newValue }
    }
    /// Whether the arguments were written in JSON (exec) form.
    public var isJSON: Bool {
        get { storage?.isJSON ?? false }
        set { unique().isJSON = newValue }
    }
    /// The logical line as BuildKit keeps it: continuations joined, heredoc bodies appended.
    public var original: String {
        get { storage?.original ?? "" }
        set { unique().original = newValue }
    }
    /// `--flag` words before the arguments, kept as written (quotes and escapes removed).
    public var flags: [String] {
        get { storage?.flags ?? [] }
        set { unique().flags = newValue }
    }
    /// The first physical line of the instruction, 1-based.
    public var startLine: Int {
        get { storage?.startLine ?? 0 }
        set { unique().startLine = newValue }
    }
    /// The last physical line of the instruction, heredoc bodies included.
    public var endLine: Int {
        get { storage?.endLine ?? 0 }
        set { unique().endLine = newValue }
    }
    /// Heredoc bodies attached to the instruction, in the order they were opened.
    public var heredocs: [Heredoc] {
        get { storage?.heredocs ?? [] }
        set { unique().heredocs = newValue }
    }
    /// Comment lines directly above the instruction, without the `#`.
    public var comments: [String] {
        get { storage?.comments ?? [] }
        set { unique().comments = newValue }
    }
    /// ``command``, computed once when the parser builds the node.
    var lowercased: String? {
        get { storage?.lowercased }
        set { unique().lowercased = newValue }
    }

    /// Creates a node; every field but ``value`` defaults to empty.
    public init(
        value: String, next: [Node] = [], children: [Node] = [], isJSON: Bool = false,
        original: String = "", flags: [String] = [], startLine: Int = 0, endLine: Int = 0,
        heredocs: [Heredoc] = [], comments: [String] = []
    ) {
        if next.isEmpty && children.isEmpty && !isJSON && original.isEmpty && flags.isEmpty && startLine == 0
            && endLine == 0 && heredocs.isEmpty && comments.isEmpty
        {
            representation = .value(value)
        } else {
            representation = .box(
                Storage(
                    value: value, next: next, children: children, isJSON: isJSON, original: original, flags: flags,
                    startLine: startLine, endLine: endLine, heredocs: heredocs, comments: comments, lowercased: nil))
        }
    }

    /// An instruction node as the parser makes it, with its keyword already in lower case.
    init(
        instruction value: String, lowercased: String, next: [Node], isJSON: Bool, original: String, flags: [String],
        startLine: Int, endLine: Int, comments: [String]
    ) {
        representation = .box(
            Storage(
                value: value, next: next, children: [], isJSON: isJSON, original: original, flags: flags,
                startLine: startLine, endLine: endLine, heredocs: [], comments: comments, lowercased: lowercased))
    }

    public static func == (lhs: Node, rhs: Node) -> Bool {
        if let left = lhs.storage, let right = rhs.storage, left === right { return true }
        return lhs.value == rhs.value && lhs.next == rhs.next && lhs.children == rhs.children && lhs.isJSON == rhs.isJSON
            && lhs.original == rhs.original && lhs.flags == rhs.flags && lhs.startLine == rhs.startLine
            && lhs.endLine == rhs.endLine && lhs.heredocs == rhs.heredocs && lhs.comments == rhs.comments
    }

    /// Calls `body` with the node's fields, read from the box once (the parse output's hot path:
    /// each property read on its own retains and releases the box).
    func withFields<R>(
        _ body: (
            _ value: String, _ lowercased: String?, _ next: [Node], _ isJSON: Bool, _ original: String, _ flags: [String],
            _ startLine: Int, _ endLine: Int, _ heredocs: [Heredoc]
        ) -> R
    ) -> R {
        switch representation {
        case .value(let value): body(value, nil, [], false, "", [], 0, 0, [])
        case .box(let box):
            body(
                box.value, box.lowercased, box.next, box.isJSON, box.original, box.flags, box.startLine, box.endLine,
                box.heredocs)
        }
    }

    /// Appends ``value`` quoted for JSON, without copying it out of the node first.
    func appendQuotedValue<Sink: ByteSink & ~Copyable>(to bytes: inout Sink) {
        switch representation {
        case .value(let value): appendJSONQuoted(value, to: &bytes)
        case .box(let box): appendJSONQuoted(box.value, to: &bytes)
        }
    }

    /// The instruction keyword in lower case, as BuildKit dispatches on it.
    public var command: String {
        if let lowercased = storage?.lowercased { return lowercased }
        return goLowercased(value)
    }

    /// For ONBUILD, the inner instruction; otherwise `nil`.
    public var subcommand: Node? { next.first?.children.first }
}

/// A heredoc body attached to RUN, COPY or ADD (`<<EOF`, `<<-EOF`, `3<<"EOF"`).
/// See https://docs.docker.com/reference/dockerfile/#here-documents
public struct Heredoc: Sendable, Equatable {
    /// The delimiter word with quotes removed.
    public var name: String
    /// The file descriptor written before `<<`; 0 when absent.
    public var fileDescriptor: UInt64
    /// Whether variables in the body are expanded (the delimiter was not quoted).
    public var expand: Bool
    /// Whether leading tabs are stripped (`<<-`).
    public var chomp: Bool
    /// The body exactly as written, line endings included, without the terminator line.
    public var content: String

    /// Creates a heredoc.
    public init(name: String, fileDescriptor: UInt64, expand: Bool, chomp: Bool, content: String) {
        self.name = name
        self.fileDescriptor = fileDescriptor
        self.expand = expand
        self.chomp = chomp
        self.content = content
    }
}

/// Go's `strings.ToLower` for instruction keywords: ASCII letters, plus the two non-ASCII runes
/// whose simple lower-case mapping is ASCII (U+0130 and the Kelvin sign U+212A).
func goLowercased(_ text: String) -> String {
    var text = text
    // ASCII (every keyword) in one pass over the bytes: nil means not ASCII.
    let ascii: String?? = text.withUTF8 { bytes in
        var upper = false
        for byte in bytes {
            if byte >= 0x80 { return nil }
            if byte >= 0x41 && byte <= 0x5A { upper = true }
        }
        guard upper else { return .some(nil) }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
            return bytes.count
        }
    }
    if let ascii { return ascii ?? text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x41...0x5A: out.append(Unicode.Scalar(UInt8(scalar.value + 32)))
        case 0x130: out.append("i")
        case 0x212A: out.append("k")
        case 0..<0x80: out.append(scalar)
        default: out.append(simpleCaseMapping(scalar, upper: false))
        }
    }
    return String(out)
}

/// Go's `strings.ToUpper`: each rune maps to one rune.
func goUppercased(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x61...0x7A: out.append(Unicode.Scalar(UInt8(scalar.value - 32)))
        case 0..<0x80: out.append(scalar)
        default: out.append(simpleCaseMapping(scalar, upper: true))
        }
    }
    return String(out)
}

private func simpleCaseMapping(_ scalar: Unicode.Scalar, upper: Bool) -> Unicode.Scalar {
    let mapped = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
    let scalars = mapped.unicodeScalars
    guard scalars.count == 1, let only = scalars.first else { return scalar }
    return only
}

/// Regular expressions in Go's RE2 syntax, matched in time linear in the text (a Pike VM over a
/// compiled NFA: every position is visited once per program instruction at most), so a pattern
/// like `(.*a){20}c` answers at once instead of backtracking for minutes past a test's timeout.
///
/// Supported, as RE2 has them: literals and escapes (`\.`, `\n`, `\t`, `\x41`, `\x{263a}`),
/// `.`, classes (`[a-z]`, `[^…]`, `\d \w \s \D \W \S`, `[[:alpha:]]` and the other ASCII
/// classes), groups (capturing, `(?:…)`, `(?P<name>…)`, `(?<name>…)`), alternation, the
/// quantifiers `* + ? {n} {n,} {n,m}` (greedy or lazy; the answer is match or no match),
/// anchors `^ $ \A \z \b \B`, and the flags `i m s U` (`(?i)`, `(?i:…)`). Like RE2 there are
/// no backreferences or lookaround: such a pattern is a syntax error, as in Go.
/// See https://github.com/google/re2/wiki/Syntax
struct LinearRegex: Sendable {
    struct SyntaxError: Error, CustomStringConvertible {
        var description: String
    }

    /// Repetitions are copied out, so a program is bounded (`x{1000}{1000}` is refused).
    static let maximumProgram = 100_000

    private let program: [Instruction]

    init(_ pattern: String) throws(SyntaxError) {
        var parser = Parser(Array(pattern.unicodeScalars))
        let tree = try parser.parseAll()
        var compiler = Compiler()
        try compiler.emit(tree)
        compiler.program.append(.match)
        program = compiler.program
    }

    /// Whether the pattern matches anywhere in `text` (Go's `MatchString`).
    func matches(_ text: String) -> Bool {
        let input = Array(text.unicodeScalars)
        var current = ThreadList(count: program.count)
        var next = ThreadList(count: program.count)
        for position in 0...input.count {
            // Unanchored: a new attempt starts at every position.
            add(0, at: position, input, &current)
            if current.containsMatch(program) { return true }
            guard position < input.count else { break }
            let scalar = input[position]
            next.clear()
            for pc in current.items {
                if case .consume(let set) = program[pc], set.contains(scalar) { add(pc + 1, at: position + 1, input, &next) }
            }
            swap(&current, &next)
            next.clear()
        }
        return current.containsMatch(program)
    }

    /// Adds `pc` and everything reachable from it without consuming input.
    private func add(_ start: Int, at position: Int, _ input: [Unicode.Scalar], _ list: inout ThreadList) {
        var stack = [start]
        while let pc = stack.popLast() {
            guard list.insert(pc) else { continue }
            switch program[pc] {
            case .jump(let target): stack.append(target)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .assert(let assertion):
                if assertion.holds(at: position, in: input) { stack.append(pc + 1) }
            case .consume, .match: continue
            }
        }
    }

    /// The threads at one position, each program counter once (a sparse set).
    private struct ThreadList {
        var items: [Int] = []
        var mark: [Bool]

        init(count: Int) { mark = [Bool](repeating: false, count: count) }

        mutating func insert(_ pc: Int) -> Bool {
            guard !mark[pc] else { return false }
            mark[pc] = true
            items.append(pc)
            return true
        }

        mutating func clear() {
            for pc in items { mark[pc] = false }
            items.removeAll(keepingCapacity: true)
        }

        func containsMatch(_ program: [Instruction]) -> Bool {
            items.contains { if case .match = program[$0] { true } else { false } }
        }
    }

    // MARK: Program

    enum Assertion: Sendable {
        case textStart, textEnd, lineStart, lineEnd, wordBoundary, notWordBoundary

        func holds(at position: Int, in input: [Unicode.Scalar]) -> Bool {
            let before = position > 0 ? input[position - 1] : nil
            let after = position < input.count ? input[position] : nil
            switch self {
            case .textStart: return position == 0
            case .textEnd: return position == input.count
            case .lineStart: return before == nil || before == "\n"
            case .lineEnd: return after == nil || after == "\n"
            case .wordBoundary, .notWordBoundary:
                let boundary = (before.map(ScalarSet.isWord) ?? false) != (after.map(ScalarSet.isWord) ?? false)
                return self == .wordBoundary ? boundary : !boundary
            }
        }
    }

    enum Instruction: Sendable {
        case consume(ScalarSet)
        case split(Int, Int)
        case jump(Int)
        case assert(Assertion)
        case match
    }

    /// A set of scalars: ranges, optionally negated, optionally folding case.
    struct ScalarSet: Sendable {
        var ranges: [ClosedRange<UInt32>]
        var negated = false
        var foldsCase = false

        static func isWord(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || value == 0x5F
        }

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            var found = ranges.contains { $0.contains(scalar.value) }
            if !found && foldsCase {
                for variant in [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping] {
                    if let folded = variant.unicodeScalars.first, variant.unicodeScalars.count == 1,
                        ranges.contains(where: { $0.contains(folded.value) })
                    {
                        found = true
                        break
                    }
                }
            }
            return found != negated
        }
    }

    // MARK: Syntax tree

    indirect enum Node {
        case empty
        case set(ScalarSet)
        case concat([Node])
        case alternate([Node])
        case repeated(Node, min: Int, max: Int?)
        case assert(Assertion)
    }

    struct Flags {
        var caseInsensitive = false
        var multiLine = false
        var dotAll = false
    }

    struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var depth = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func parseAll() throws(SyntaxError) -> Node {
            var flags = Flags()
            let node = try alternation(&flags)
            guard current == nil else { throw SyntaxError(description: "unexpected ) at offset \(index)") }
            return node
        }

        mutating func alternation(_ flags: inout Flags) throws(SyntaxError) -> Node {
            depth += 1
            defer { depth -= 1 }
            guard depth < 1000 else { throw SyntaxError(description: "groups nest too deeply") }
            var branches = [try sequence(&flags)]
            while current == "|" {
                index += 1
                branches.append(try sequence(&flags))
            }
            return branches.count == 1 ? branches[0] : .alternate(branches)
        }

        mutating func sequence(_ flags: inout Flags) throws(SyntaxError) -> Node {
            var items: [Node] = []
            while let scalar = current, scalar != "|", scalar != ")" {
                var atom: Node
                switch scalar {
                case "(":
                    index += 1
                    if current == "?" {
                        index += 1
                        // `(?flags)` or `(?flags:...)`, `(?P<name>...)`, `(?<name>...)`, `(?:...)`.
                        if current == "P" || current == "<" {
                            if current == "P" { index += 1 }
                            guard current == "<" else { throw SyntaxError(description: "invalid named group") }
                            while let next = current, next != ">" { index += 1 }
                            guard current == ">" else { throw SyntaxError(description: "invalid named group") }
                            index += 1
                            var inner = flags
                            atom = try alternation(&inner)
                        } else {
                            var groupFlags = flags
                            var on = true
                            while let next = current, next != ")" && next != ":" {
                                switch next {
                                case "i": groupFlags.caseInsensitive = on
                                case "m": groupFlags.multiLine = on
                                case "s": groupFlags.dotAll = on
                                case "U": break
                                case "-": on = false
                                default:
                                    throw SyntaxError(
                                        description: "unsupported group (?\(next): RE2 has no lookaround or this flag")
                                }
                                index += 1
                            }
                            guard let end = current else { throw SyntaxError(description: "missing )") }
                            index += 1
                            if end == ")" {
                                flags = groupFlags
                                continue
                            }
                            atom = try alternation(&groupFlags)
                        }
                    } else {
                        var inner = flags
                        atom = try alternation(&inner)
                    }
                    guard current == ")" else { throw SyntaxError(description: "missing )") }
                    index += 1
                    // A group is one atom: `(a+)+` is fine where `a++` is not.
                    atom = .concat([atom])
                case "[":
                    atom = .set(try characterClass(flags))
                case ".":
                    index += 1
                    atom = .set(ScalarSet(ranges: flags.dotAll ? [0...0x10FFFF] : [0...9, 11...0x10FFFF]))
                case "^":
                    index += 1
                    atom = .assert(flags.multiLine ? .lineStart : .textStart)
                case "$":
                    index += 1
                    atom = .assert(flags.multiLine ? .lineEnd : .textEnd)
                case "\\":
                    atom = try escape(flags)
                case "*", "+", "?":
                    throw SyntaxError(description: "missing argument to repetition operator: \(scalar)")
                case "{" where isRepetition():
                    // `{` is a literal unless a repetition (`{2}`, `{1,3}`) follows.
                    throw SyntaxError(description: "missing argument to repetition operator: \(scalar)")
                default:
                    index += 1
                    atom = .set(literal(scalar, flags))
                }
                items.append(try quantified(atom))
            }
            return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concat(items))
        }

        /// Whether a `{` here starts `{n}`, `{n,}` or `{n,m}` (otherwise it is a literal).
        func isRepetition() -> Bool {
            var probe = index + 1
            var digits = 0
            while probe < scalars.count, ("0"..."9").contains(scalars[probe]) {
                probe += 1
                digits += 1
            }
            guard digits > 0, probe < scalars.count else { return false }
            if scalars[probe] == "}" { return true }
            guard scalars[probe] == "," else { return false }
            probe += 1
            while probe < scalars.count, ("0"..."9").contains(scalars[probe]) { probe += 1 }
            return probe < scalars.count && scalars[probe] == "}"
        }

        mutating func quantified(_ atom: Node) throws(SyntaxError) -> Node {
            var node = atom
            while let scalar = current {
                var minimum = 0
                var maximum: Int?
                switch scalar {
                case "*": index += 1
                case "+":
                    index += 1
                    minimum = 1
                case "?":
                    index += 1
                    maximum = 1
                case "{" where isRepetition():
                    index += 1
                    minimum = number()
                    if current == "," {
                        index += 1
                        maximum = current == "}" ? nil : number()
                    } else {
                        maximum = minimum
                    }
                    index += 1
                    guard minimum <= 1000, (maximum ?? 0) <= 1000, maximum.map({ $0 >= minimum }) ?? true else {
                        throw SyntaxError(description: "invalid repeat count")
                    }
                default:
                    return node
                }
                if current == "?" { index += 1 }  // lazy: the same match or no match
                if case .repeated = node, scalar != "{" {
                    throw SyntaxError(description: "invalid nested repetition operator")
                }
                node = .repeated(node, min: minimum, max: maximum)
            }
            return node
        }

        mutating func number() -> Int {
            var value = 0
            while let scalar = current, ("0"..."9").contains(scalar) {
                value = min(value * 10 + Int(scalar.value - 0x30), 100_000)
                index += 1
            }
            return value
        }

        func literal(_ scalar: Unicode.Scalar, _ flags: Flags) -> ScalarSet {
            ScalarSet(ranges: [scalar.value...scalar.value], foldsCase: flags.caseInsensitive)
        }

        static let digit: [ClosedRange<UInt32>] = [0x30...0x39]
        static let word: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        static let space: [ClosedRange<UInt32>] = [0x09...0x0A, 0x0C...0x0D, 0x20...0x20]

        /// An escape outside a class.
        mutating func escape(_ flags: Flags) throws(SyntaxError) -> Node {
            index += 1
            guard let scalar = current else { throw SyntaxError(description: "trailing backslash at end of expression") }
            switch scalar {
            case "A":
                index += 1
                return .assert(.textStart)
            case "z":
                index += 1
                return .assert(.textEnd)
            case "b":
                index += 1
                return .assert(.wordBoundary)
            case "B":
                index += 1
                return .assert(.notWordBoundary)
            default:
                let (ranges, negated) = try classEscape()
                return .set(ScalarSet(ranges: ranges, negated: negated, foldsCase: flags.caseInsensitive))
            }
        }

        /// `\d`, `\n`, `\x41`, `\.`… as ranges; the index is on the letter after the backslash.
        mutating func classEscape() throws(SyntaxError) -> ([ClosedRange<UInt32>], Bool) {
            guard let scalar = current else { throw SyntaxError(description: "trailing backslash at end of expression") }
            index += 1
            switch scalar {
            case "d": return (Self.digit, false)
            case "D": return (Self.digit, true)
            case "w": return (Self.word, false)
            case "W": return (Self.word, true)
            case "s": return (Self.space, false)
            case "S": return (Self.space, true)
            case "n": return ([0x0A...0x0A], false)
            case "t": return ([0x09...0x09], false)
            case "r": return ([0x0D...0x0D], false)
            case "f": return ([0x0C...0x0C], false)
            case "v": return ([0x0B...0x0B], false)
            case "a": return ([0x07...0x07], false)
            case "x":
                var hex = ""
                if current == "{" {
                    index += 1
                    while let next = current, next != "}" {
                        hex.unicodeScalars.append(next)
                        index += 1
                    }
                    index += 1
                } else {
                    for _ in 0..<2 {
                        guard let next = current else { break }
                        hex.unicodeScalars.append(next)
                        index += 1
                    }
                }
                guard let value = UInt32(hex, radix: 16), value <= 0x10FFFF else {
                    throw SyntaxError(description: "invalid escape sequence \\x\(hex)")
                }
                return ([value...value], false)
            default:
                // Punctuation escapes itself; a letter or digit with no meaning is an error, as in RE2.
                guard !scalar.properties.isAlphabetic && !("0"..."9").contains(scalar) else {
                    throw SyntaxError(description: "invalid escape sequence \\\(scalar)")
                }
                return ([scalar.value...scalar.value], false)
            }
        }

        static let posix: [String: [ClosedRange<UInt32>]] = [
            "alpha": [0x41...0x5A, 0x61...0x7A], "digit": digit, "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A],
            "upper": [0x41...0x5A], "lower": [0x61...0x7A], "space": [0x09...0x0D, 0x20...0x20], "word": word,
            "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66], "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E],
            "blank": [0x09...0x09, 0x20...0x20], "cntrl": [0x00...0x1F, 0x7F...0x7F], "print": [0x20...0x7E],
            "graph": [0x21...0x7E], "ascii": [0x00...0x7F],
        ]

        mutating func characterClass(_ flags: Flags) throws(SyntaxError) -> ScalarSet {
            index += 1
            var negated = false
            if current == "^" {
                negated = true
                index += 1
            }
            var ranges: [ClosedRange<UInt32>] = []
            var first = true
            while let scalar = current, scalar != "]" || first {
                first = false
                var low: UInt32
                if scalar == "[" && index + 1 < scalars.count && scalars[index + 1] == ":" {
                    let rest = String(String.UnicodeScalarView(scalars[(index + 2)...]))
                    guard let close = rest.range(of: ":]") else { throw SyntaxError(description: "missing closing ]") }
                    var name = String(rest[..<close.lowerBound])
                    let negatedClass = name.hasPrefix("^")
                    if negatedClass { name.removeFirst() }
                    guard let found = Self.posix[name], !negatedClass else {
                        throw SyntaxError(description: "invalid character class range [:\(name):]")
                    }
                    ranges += found
                    index += 2 + rest.unicodeScalars.distance(from: rest.startIndex, to: close.upperBound)
                    continue
                }
                if scalar == "\\" {
                    index += 1
                    let (escaped, isNegated) = try classEscape()
                    if isNegated {
                        ranges += Self.complement(escaped)
                        continue
                    }
                    guard escaped.count == 1, escaped[0].count == 1 else {
                        ranges += escaped
                        continue
                    }
                    low = escaped[0].lowerBound
                } else {
                    low = scalar.value
                    index += 1
                }
                if current == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                    index += 1
                    guard var high = current?.value else { break }
                    if current == "\\" {
                        index += 1
                        let (escaped, _) = try classEscape()
                        high = escaped.first?.lowerBound ?? high
                    } else {
                        index += 1
                    }
                    guard low <= high else { throw SyntaxError(description: "invalid character class range") }
                    ranges.append(low...high)
                } else {
                    ranges.append(low...low)
                }
            }
            guard current == "]" else { throw SyntaxError(description: "missing closing ]") }
            index += 1
            return ScalarSet(ranges: ranges, negated: negated, foldsCase: flags.caseInsensitive)
        }

        static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
            var result: [ClosedRange<UInt32>] = []
            var next: UInt32 = 0
            for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
                next = max(next, range.upperBound + 1)
            }
            if next <= 0x10FFFF { result.append(next...0x10FFFF) }
            return result
        }
    }

    // MARK: Compiler

    struct Compiler {
        var program: [Instruction] = []

        mutating func emit(_ node: Node) throws(SyntaxError) {
            guard program.count < LinearRegex.maximumProgram else {
                throw SyntaxError(description: "expression too large")
            }
            switch node {
            case .empty: return
            case .set(let set): program.append(.consume(set))
            case .assert(let assertion): program.append(.assert(assertion))
            case .concat(let items): for item in items { try emit(item) }
            case .alternate(let branches):
                var jumps: [Int] = []
                for (offset, branch) in branches.enumerated() {
                    if offset < branches.count - 1 {
                        let split = program.count
                        program.append(.split(split + 1, -1))
                        try emit(branch)
                        jumps.append(program.count)
                        program.append(.jump(-1))
                        program[split] = .split(split + 1, program.count)
                    } else {
                        try emit(branch)
                    }
                }
                for jump in jumps { program[jump] = .jump(program.count) }
            case .repeated(let inner, let minimum, let maximum):
                for _ in 0..<minimum { try emit(inner) }
                if let maximum {
                    // Optional copies: x? x? … each skippable.
                    var splits: [Int] = []
                    for _ in minimum..<maximum {
                        splits.append(program.count)
                        program.append(.split(program.count + 1, -1))
                        try emit(inner)
                    }
                    for split in splits { program[split] = .split(split + 1, program.count) }
                } else {
                    // x*: loop back; an inner part that can match empty still ends (threads are sets).
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    try emit(inner)
                    program.append(.jump(split))
                    program[split] = .split(split + 1, program.count)
                }
            }
        }
    }
}

/// Generates Dockerfiles that cover the grammar BuildKit's parser accepts (and some it rejects):
/// directives, both escape tokens, continuations with comments and blank lines inside, CRLF, a
/// byte order mark, exec and shell forms, flags, heredocs, ONBUILD, ENV/LABEL forms and
/// unknown instructions. Used for differential tests against BuildKit and for benchmarks.
public struct DockerfileGenerator {
    private var random: SeededGenerator
    private var escape = "\\"
    private var newline = "\n"

    public init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    /// One generated Dockerfile.
    public mutating func next() -> [UInt8] {
        escape = random.chance(0.25) ? "`" : "\\"
        newline = random.chance(0.2) ? "\r\n" : "\n"
        var text = random.chance(0.05) ? "\u{FEFF}" : ""
        text += directives()
        let count = random.chance(0.03) ? 0 : Int.random(in: 1...14, using: &random)
        for _ in 0..<count {
            if random.chance(0.15) { text += comment() }
            if random.chance(0.15) { text += newline }
            text += instruction(depth: 0)
        }
        if random.chance(0.05) { text += "RUN echo end \(escape)" + (random.chance(0.5) ? newline : "") }
        if random.chance(0.1) { text += comment() }
        return Array(text.utf8)
    }

    private mutating func directives() -> String {
        var lines: [String] = []
        if random.chance(0.3) {
            lines.append(random.pick(["# syntax=docker/dockerfile:1", "#syntax = docker/dockerfile:1.7", "# SYNTAX=x"]))
        }
        if escape == "`" || random.chance(0.2) {
            lines.append(random.pick(["# escape=\(escape)", "#escape =\(escape)", "# Escape = \(escape)  "]))
        }
        if random.chance(0.04) { lines.append("# escape=x") }
        if random.chance(0.04) { lines.append("# syntax=a"); lines.append("# syntax=b") }
        if random.chance(0.15) { lines.append("# check=skip=JSONArgsRecommended") }
        if random.chance(0.1) { lines.append("# not-a-directive") }
        if random.chance(0.03) { lines.append(random.pick(["# escape= ", "#\tescape\t=\t\(escape)", "# escape=\(escape)\r"])) }
        lines.shuffle(using: &random)
        // BuildKit 0.12 (the reference) stops at `check`; keep it after the others.
        if let index = lines.firstIndex(where: { $0.hasPrefix("# check") }) {
            lines.append(lines.remove(at: index))
        }
        return lines.map { $0 + newline }.joined()
    }

    private mutating func comment() -> String {
        random.pick(["# a comment", "   # indented comment", "#", "# \(escape)", "#\tTab"]) + newline
    }

    private mutating func word() -> String {
        random.pick([
            "a", "b1", "/usr/src/app", "file.txt", "$HOME", "${VAR:-x}", "\"quoted word\"", "'single q'",
            "é", "한국어", "a\(escape) b", "x=y", "--", "-f", "&&", "|", "'", "\"", "[", "]", "{}", "\t", "a\u{A0}b",
            "\(escape)\(escape)", "<<", "<", "$(cat x)", "*.go", "80/tcp",
        ])
    }

    private mutating func words(_ range: ClosedRange<Int>) -> String {
        (0..<Int.random(in: range, using: &random)).map { _ in word() }.joined(separator: random.pick([" ", "  ", "\t"]))
    }

    private mutating func jsonArray() -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return "[]"
        case 1: return "[\"a\", 1]"
        case 2: return "[\"unterminated"
        case 3: return "['single']"
        case 4: return "[\"a\"] trailing"
        case 5: return "[ \"a\\\"b\" , \"\\u00e9\\n\" ]"
        default:
            let items = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                "\"" + random.pick(["sh", "-c", "echo hi", "/bin/app", "a b", "x\\\\y", "\\t"]) + "\""
            }
            return "[" + items.joined(separator: random.pick([",", ", ", " ,"])) + "]"
        }
    }

    private mutating func flags(_ options: [String]) -> String {
        var out = ""
        for option in options where random.chance(0.3) { out += option + " " }
        return out
    }

    private mutating func continued(_ parts: [String]) -> String {
        var out = parts[0]
        for part in parts.dropFirst() {
            if random.chance(0.5) {
                out += " " + part
                continue
            }
            out += random.pick([" \(escape)", "\(escape)", " \(escape)  "]) + newline
            if random.chance(0.15) { out += random.pick(["  # inside", "#x"]) + newline }
            if random.chance(0.1) { out += random.pick(["", "   "]) + newline }
            out += random.pick(["    ", "", "\t"]) + part
        }
        return out
    }

    private mutating func keyword(_ name: String) -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return name.lowercased()
        case 1: return String(name.prefix(1)) + name.dropFirst().lowercased()
        default: return name
        }
    }

    private mutating func heredocInstruction() -> String {
        let name = random.pick(["EOF", "END", "_x1"])
        var opener = random.pick(["<<\(name)", "<<-\(name)", "<<\"\(name)\"", "<<'\(name)'", "3<<\(name)"])
        let chomp = opener.hasPrefix("<<-")
        let head = random.pick(["RUN ", "RUN --mount=type=cache,target=/root/.cache ", "COPY ", "ADD "])
        var second = ""
        if random.chance(0.2) {
            second = " <<TWO"
            opener += random.pick([" cat", ""])
        }
        var text = head + opener + second + (head.hasPrefix("RUN") ? " " + words(0...2) : " /dst") + newline
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            text +=
                (chomp ? "\t" : "") + random.pick(["echo hello", "  indented $X", "#not a comment", "", "\(escape)"]) + newline
        }
        if random.chance(0.04) { return text }  // unterminated
        text += (chomp ? "\t" : "") + name + newline
        if !second.isEmpty { text += "second body" + newline + "TWO" + newline }
        return text
    }

    private mutating func instruction(depth: Int) -> String {
        let lead = random.chance(0.1) ? random.pick(["  ", "\t"]) : ""
        let body: String
        switch Int.random(in: 0..<23, using: &random) {
        case 0:
            body =
                keyword("FROM") + " " + flags(["--platform=$BUILDPLATFORM"])
                + random.pick(["alpine:3.20", "scratch", "${BASE}", "node:22-slim"])
                + (random.chance(0.5) ? random.pick([" AS build", " as Runtime", " AS"]) : "")
        case 1, 2:
            body =
                keyword("RUN") + " "
                + flags(["--mount=type=cache,target=/var/cache/apt", "--network=none", "--mount=from=build,src=/a,target=/b"])
                + (random.chance(0.3)
                    ? jsonArray() : continued((0..<Int.random(in: 1...4, using: &random)).map { _ in words(1...3) }))
        case 3:
            return lead + heredocInstruction()
        case 4:
            body = keyword(random.pick(["CMD", "ENTRYPOINT", "SHELL"])) + " " + (random.chance(0.6) ? jsonArray() : words(0...3))
        case 5, 6:
            body =
                keyword(random.pick(["COPY", "ADD"])) + " "
                + flags(["--from=build", "--chown=\"1000:1000\"", "--chmod=755", "--link", "--chown='a b'", "--exclude=*.md"])
                + (random.chance(0.2) ? jsonArray() : words(1...3))
        case 7, 8:
            let name = keyword(random.pick(["ENV", "LABEL"]))
            switch Int.random(in: 0..<6, using: &random) {
            case 0: body = name + " KEY " + words(1...3)
            case 1: body = name + " KEY"
            case 2: body = name + " a=b c=" + word()
            default:
                body =
                    name + " "
                    + continued(
                        (0..<Int.random(in: 1...3, using: &random)).map { index in
                            "k\(index)=" + random.pick(["v", "\"a b\"", "'x y'", "a\(escape) b", "", "$OTHER", "é"])
                        })
            }
        case 9:
            body = keyword("ARG") + " " + random.pick(["VERSION", "VERSION=1.2", "A B=2", "X=\"a b\"", ""])
        case 10:
            body = keyword("EXPOSE") + " " + random.pick(["80", "80 443/tcp", "8080/udp  9000", ""])
        case 11:
            body =
                keyword("HEALTHCHECK") + " "
                + random.pick([
                    "NONE", "CMD curl -f http://localhost/ || exit 1", "--interval=5s --timeout=3s CMD [\"wget\", \"-q\"]",
                    "CMD", "", "--retries=3 CMD-SHELL x",
                ])
        case 12:
            body = keyword("MAINTAINER") + " " + random.pick(["Jane <jane@example.com>", ""])
        case 13:
            body =
                keyword(random.pick(["USER", "WORKDIR", "STOPSIGNAL"])) + " "
                + random.pick(["1000:1000", "/app", "SIGTERM", "$DIR", ""])
        case 14:
            body = keyword("VOLUME") + " " + (random.chance(0.5) ? jsonArray() : words(1...2))
        case 15:
            guard depth < 2 else { return lead + "RUN nested" + newline }
            let inner = instruction(depth: depth + 1).trimmingPrefixWhitespace()
            return lead + keyword("ONBUILD") + " " + flags(["--odd"]) + inner
        case 16:
            body = random.pick(["FOO bar", "frobnicate", "X", "COPY--from=x a b", "ÉTAPE un"])
        case 17:
            body =
                keyword("RUN") + " "
                + continued(["apt-get update", "&& apt-get install -y curl", "&& rm -rf /var/lib/apt/lists/*"])
        case 18:
            body =
                keyword("CMD") + " "
                + random.pick([
                    "[\"a\",", "[ \"x\" ]  ", "[\"a\"]]", "[\"é\", \"\\ud83d\\ude00\"]", "[\"\\ud800\"]",
                    "[{\"a\": [1, 2.5e3, true, null]}]",
                ])
        case 19:
            body =
                keyword("COPY") + " "
                + random.pick(["--chown=a\\ b x y", "--from=\"st age\" a b", "-- --x y", "--x=é y z", "--a --b"])
        case 20:
            body = keyword("RUN") + " " + random.pick(["echo \\\\", "echo a\\\\\\", "echo `", "echo \\`", "  x  "])
        case 21:
            body = random.pick([
                "HEALTHCHECK\tCMD true", "ENV a\\ b=c", "ENV \"a b\"=c", "ARG \"A=1 2\"", "ONBUİLD RUN x", "RUN\u{A0}x",
                "COPY --chown=\u{A0}x a b", "EXPOSE 80\u{A0}81", "LABEL a=\"b\" \\\n c=d", "RUN a\rb", "CMD [\"a\"\u{A0}]",
                "ENV a=${b:-c} d=\"$e\"", "RUN <<EOF <<-'TWO' \"quoted\"\nbody\nEOF\n\ttwo\n\tTWO",
                "ADD --checksum=sha256:abc https://example.com/x /x", "FROM a AS b c", "ENTRYPOINT [\"/bin/sh\", \"-c\"]  \t",
            ])
        default:
            body = keyword("WORKDIR") + " /app"
        }
        return lead + body + newline
    }
}

extension String {
    func trimmingPrefixWhitespace() -> String { String(drop { $0 == " " || $0 == "\t" }) }
}

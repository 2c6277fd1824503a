import DockerfileSyntax
import Foundation

/// Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
/// `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, and `$$` for a literal `$`.
/// See https://github.com/compose-spec/compose-spec/blob/main/12-interpolation.md
public struct Interpolator: Sendable {
    /// The variables: the process environment over the project's `.env` file.
    public var variables: [String: String]
    /// Required variables (`${NAME:?error}`) read as empty instead of failing.
    public var mayBeMissing: Set<String> = []

    public init(variables: [String: String]) { self.variables = variables }

    /// Why interpolation failed.
    public struct Failure: Error, Sendable {
        public var message: String
        /// The variable `${NAME:?error}` or `${NAME?error}` requires and lacks.
        public var missingVariable: String?
    }

    /// Interpolates `text`.
    public func interpolate(_ text: String) throws(Failure) -> String {
        guard text.contains("$") else { return text }
        let characters = Array(text)
        var out = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "$", index + 1 < characters.count else {
                out.append(character)
                index += 1
                continue
            }
            let next = characters[index + 1]
            if next == "$" {
                out.append("$")
                index += 2
            } else if next == "{" {
                guard let close = closingBrace(characters, from: index + 2) else {
                    throw Failure(message: "invalid interpolation format for \"\(text)\": a ${ has no closing }")
                }
                out += try substitute(String(characters[(index + 2)..<close]))
                index = close + 1
            } else if next == "_" || next.isLetter {
                var end = index + 1
                while end < characters.count, characters[end] == "_" || characters[end].isLetter || characters[end].isNumber {
                    end += 1
                }
                out += variables[String(characters[(index + 1)..<end])] ?? ""
                index = end
            } else {
                out.append(character)
                index += 1
            }
        }
        return out
    }

    private func closingBrace(_ characters: [Character], from start: Int) -> Int? {
        var depth = 1
        var index = start
        while index < characters.count {
            if characters[index] == "{" { depth += 1 }
            if characters[index] == "}" {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }

    private func substitute(_ expression: String) throws(Failure) -> String {
        let operators = [":-", ":?", ":+", "-", "?", "+"]
        var name = expression
        var op: String?
        var word = ""
        if let split = expression.firstIndex(where: { !($0 == "_" || $0.isLetter || $0.isNumber) }) {
            name = String(expression[..<split])
            let rest = String(expression[split...])
            guard let found = operators.first(where: { rest.hasPrefix($0) }) else {
                throw Failure(message: "invalid interpolation format for \"${\(expression)}\"")
            }
            op = found
            word = try interpolate(String(rest.dropFirst(found.count)))
        }
        let value = variables[name]
        switch op {
        case nil: return value ?? ""
        case ":-": return (value ?? "").isEmpty ? word : value ?? ""
        case "-": return value ?? word
        case ":+": return (value ?? "").isEmpty ? "" : word
        case "+": return value == nil ? "" : word
        case ":?":
            if let value, !value.isEmpty { return value }
            if mayBeMissing.contains(name) { return "" }
            throw Failure(message: "required variable \(name) is missing a value: \(word)", missingVariable: name)
        default:
            if let value { return value }
            if mayBeMissing.contains(name) { return "" }
            throw Failure(message: "required variable \(name) is missing a value: \(word)", missingVariable: name)
        }
    }
}

/// Reads a `.env` file: `KEY=value` lines, `#` comments, optional `export`, quoted values.
public func parseDotEnv(_ text: String) -> [String: String] {
    var result: [String: String] = [:]
    for rawLine in text.split(whereSeparator: \.isNewline) {
        var line = rawLine.trimmingCharacters(in: " \t")
        if line.isEmpty || line.hasPrefix("#") { continue }
        if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: " \t") }
        guard let equals = line.firstIndex(of: "=") else { continue }
        let key = String(line[..<equals]).trimmingCharacters(in: " \t")
        var value = String(line[line.index(after: equals)...]).trimmingCharacters(in: " \t")
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        } else if let hash = value.range(of: " #") {
            value = String(value[..<hash.lowerBound]).trimmingCharacters(in: " \t")
        }
        result[key] = value
    }
    return result
}

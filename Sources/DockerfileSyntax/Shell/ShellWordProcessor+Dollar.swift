extension ShellWordProcessor {
    /// Expands `$NAME` or `${...}` at the `$`.
    mutating func processDollar() throws(ShellFailure) -> [UInt32] {
        position += 1
        if peek() != 0x7B {  // $name
            let name = processName()
            if name.isEmpty { return [0x24] }
            if let value = lookup(name) { return value.runes }
            return lexer.skipUnsetEnv ? ("$" + name).runes : []
        }
        position += 1
        switch peek() {
        case nil: throw ShellFailure(message: "syntax error: missing '}'")
        case 0x7B, 0x7D, 0x3A: throw ShellFailure(message: "syntax error: bad substitution")
        default: break
        }
        let name = processName()
        let first = next()
        var modifier = first.map { RuneString([$0]).string } ?? "\u{FFFD}"
        switch first {
        case 0x7D:  // ${name}
            if let value = lookup(name) { return value.runes }
            return lexer.skipUnsetEnv ? "${\(name)}".runes : []
        case 0x3A, 0x2B, 0x2D, 0x3F, 0x23, 0x25:  // : + - ? # %
            var operation = first
            let nullIsUnset = first == 0x3A
            if nullIsUnset {
                operation = next()
                modifier += operation.map { RuneString([$0]).string } ?? "\u{FFFD}"
            }
            let patternOperation = operation == 0x23 || operation == 0x25
            if nullIsUnset && patternOperation {
                throw ShellFailure(message: "unsupported modifier (\(modifier)) in substitution")
            }
            let word: [UInt32]
            do {
                word = try processStopOn(0x7D, rawEscapes: patternOperation, collectWords: false).0
            } catch {
                if peek() == nil { throw ShellFailure(message: "syntax error: missing '}'") }
                throw error
            }
            let value = lookup(name)
            if value == nil && lexer.skipUnsetEnv {
                // Kept as written; built from runes because nested words can make this long.
                var kept: [UInt32] = [0x24, 0x7B]
                kept.reserveCapacity(word.count + name.utf8.count + 6)
                kept.append(contentsOf: name.unicodeScalars.lazy.map(\.value))
                kept.append(contentsOf: modifier.unicodeScalars.lazy.map(\.value))
                kept.append(contentsOf: word)
                kept.append(0x7D)
                return kept
            }
            return try applyModifier(
                operation, name: name, value: value, word: word, nullIsUnset: nullIsUnset, modifier: modifier)
        case 0x2F:  // / and //
            return try processReplacement(name: name)
        default:
            throw ShellFailure(message: "unsupported modifier (\(modifier)) in substitution")
        }
    }

    private func applyModifier(
        _ operation: UInt32?, name: String, value: String?, word runes: [UInt32], nullIsUnset: Bool, modifier: String
    ) throws(ShellFailure) -> [UInt32] {
        var word: String { RuneString(runes).string }
        let unsetOrNull = value == nil || (nullIsUnset && value == "")
        switch operation {
        case 0x2D: return unsetOrNull ? runes : (value ?? "").runes
        case 0x2B: return unsetOrNull ? [] : runes
        case 0x3F:
            guard let value else {
                throw ShellFailure(message: "\(name): \(word.isEmpty ? "is not allowed to be unset" : word)")
            }
            if nullIsUnset && value.isEmpty {
                throw ShellFailure(message: "\(name): \(word.isEmpty ? "is not allowed to be empty" : word)")
            }
            return value.runes
        case 0x25, 0x23:
            var pattern = runes
            var greedy = false
            if let head = pattern.first, head == operation {
                greedy = true
                pattern.removeFirst()
            }
            let subject = (value ?? "").runes
            do {
                if operation == 0x25 { return try ShellPattern.trimSuffix(pattern, from: subject, greedy: greedy) }
                return try ShellPattern.trimPrefix(pattern, from: subject, greedy: greedy)
            } catch {
                throw ShellFailure(message: "invalid pattern (\(RuneString(pattern).string)) in substitution: \(error.message)")
            }
        default:
            throw ShellFailure(message: "unsupported modifier (\(modifier)) in substitution")
        }
    }

    private mutating func processReplacement(name: String) throws(ShellFailure) -> [UInt32] {
        let replaceAll = peek() == 0x2F
        if replaceAll { position += 1 }
        let pattern: String
        do {
            pattern = RuneString(try processStopOn(0x2F, rawEscapes: true, collectWords: false).0).string
        } catch {
            if peek() == nil { throw ShellFailure(message: "syntax error: missing '/' in ${}") }
            throw error
        }
        let replacement: String
        do {
            replacement = RuneString(try processStopOn(0x7D, rawEscapes: true, collectWords: false).0).string
        } catch {
            if peek() == nil { throw ShellFailure(message: "syntax error: missing '}'") }
            throw error
        }
        guard let value = lookup(name) else {
            if lexer.skipUnsetEnv { return "${\(name)/\(pattern)/\(replacement)}".runes }
            return try replace(pattern: pattern, in: "", with: replacement, all: replaceAll)
        }
        return try replace(pattern: pattern, in: value, with: replacement, all: replaceAll)
    }

    private func replace(pattern: String, in value: String, with replacement: String, all: Bool) throws(ShellFailure)
        -> [UInt32]
    {
        do {
            let compiled = try ShellPattern(pattern.runes, greedy: true)
            return compiled.replace(in: value.runes, with: replacement.runes, all: all)
        } catch {
            throw ShellFailure(message: "invalid pattern (\(pattern)) in substitution: \(error.message)")
        }
    }

    /// Reads a variable name: digits, one special parameter, or letters, digits and `_`.
    mutating func processName() -> String {
        var name: [UInt32] = []
        while let rune = peek() {
            if name.isEmpty && isDecimalDigit(rune) {
                while let digit = peek(), isDecimalDigit(digit) {
                    name.append(digit)
                    position += 1
                }
                return RuneString(name).string
            }
            if name.isEmpty && Self.isSpecialParameter(rune) {
                position += 1
                return RuneString([rune]).string
            }
            if !isLetter(rune) && !isDecimalDigit(rune) && rune != 0x5F { break }
            name.append(rune)
            position += 1
        }
        return RuneString(name).string
    }

    static func isSpecialParameter(_ rune: UInt32) -> Bool {
        switch rune {
        case 0x40, 0x2A, 0x23, 0x3F, 0x2D, 0x24, 0x21, 0x30: true  // @ * # ? - $ ! 0
        default: false
        }
    }
}

/// `unicode.IsDigit`: general category Nd.
func isDecimalDigit(_ rune: UInt32) -> Bool {
    if rune < 0x80 { return rune >= 0x30 && rune <= 0x39 }
    return Unicode.Scalar(rune)?.properties.generalCategory == .decimalNumber
}

/// `unicode.IsLetter`: general category L.
func isLetter(_ rune: UInt32) -> Bool {
    if rune < 0x80 { return (rune | 0x20) >= 0x61 && (rune | 0x20) <= 0x7A }
    switch Unicode.Scalar(rune)?.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
    default: return false
    }
}

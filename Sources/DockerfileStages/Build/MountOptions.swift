/// Reads `RUN --mount=type=...,from=...` options, which BuildKit splits as one CSV record.
/// See https://docs.docker.com/reference/dockerfile/#run---mount
enum MountOptions {
    /// The `from=` values of every `--mount` flag.
    static func fromValues(in flags: [String]) -> [String] {
        flags.filter { $0.hasPrefix("--mount=") }.compactMap { flag in
            fields(String(flag.dropFirst("--mount=".count))).first { $0.key == "from" }?.value
        }
    }

    /// Splits `a=b,"c=d,e"` into key/value fields, honouring double quotes as CSV does.
    static func fields(_ text: String) -> [(key: String, value: String)] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields.map { field in
            guard let equals = field.firstIndex(of: "=") else { return (field.lowercased(), "") }
            return (String(field[..<equals]).lowercased(), String(field[field.index(after: equals)...]))
        }
    }
}

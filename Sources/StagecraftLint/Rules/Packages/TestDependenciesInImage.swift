import DockerfileSyntax

struct TestDependenciesInImage: Rule {
    static let description = RuleDescription(
        id: "test-dependencies-in-image",
        severity: .warning, category: .packages,
        summary: "Keep test-only Python packages out of the image.",
        rationale:
            "Installing `requirements-dev.txt`, `requirements-test.txt` or pytest into the stage that ships, or into a virtual environment the runtime stage copies, puts test tools and their vulnerabilities in production and makes the image larger. Install them in a test target instead.",
        examples: [
            .triggering(
                "FROM python:3.12-slim AS build\nRUN python -m venv /venv\nCOPY requirements.txt requirements-test.txt ./\n↓RUN /venv/bin/pip install --no-cache-dir -r requirements.txt -r requirements-test.txt\nFROM python:3.12-slim\nCOPY --from=build /venv /venv\n"
            ),
            .passing(
                "FROM python:3.12-slim AS build\nRUN python -m venv /venv\nCOPY requirements.txt ./\nRUN /venv/bin/pip install --no-cache-dir -r requirements.txt\nFROM build AS development\nCOPY requirements-dev.txt ./\nRUN /venv/bin/pip install --no-cache-dir -r requirements-dev.txt\nFROM python:3.12-slim AS runtime\nCOPY --from=build /venv /venv\n"
            ),
            .passing(
                "FROM python:3.12-slim AS build\nRUN python -m venv /venv\nCOPY requirements.txt ./\nRUN /venv/bin/pip install --no-cache-dir -r requirements.txt\nFROM build AS test\nCOPY requirements-test.txt ./\nRUN /venv/bin/pip install --no-cache-dir -r requirements-test.txt\nFROM python:3.12-slim\nCOPY --from=build /venv /venv\n"
            ),
        ])

    static let testPackages: Set<String> = [
        "pytest", "coverage", "mypy", "black", "ruff", "flake8", "pylint", "tox", "nox", "hypothesis", "pre-commit",
    ]

    func check(_ context: RuleContext) -> [Violation] {
        let stages = context.document.stages
        // Stages whose files reach a production image: shipped ones that are not for development,
        // and those such a stage copies from.
        let shipped = context.shippedStages.filter { !context.isDevelopment(stages[$0]) }
        var reaching = shipped
        for index in shipped {
            for node in stages[index].instructions where node.command == "copy" {
                guard let from = node.flags.last(where: { $0.hasPrefix("--from=") })?.dropFirst("--from=".count) else { continue }
                if let number = Int(from) { reaching.insert(number) }
                if let named = context.document.stage(named: String(from)) { reaching.insert(named.index) }
            }
        }
        return context.runs(onbuild: false).compactMap { run in
            guard reaching.contains(run.stage.index) else { return nil }
            for command in run.script.commands
            where command.name.hasSuffix("pip") || command.name.hasSuffix("pip3") || command.name.hasPrefix("python") {
                guard command.arguments.contains("install") else { continue }
                if let found = Self.testOnly(command.arguments) {
                    return Violation(
                        run.node,
                        "\(found) is test-only, and \(run.stage.displayName) ends up in the image; install it in a separate test stage"
                    )
                }
            }
            return nil
        }
    }

    /// The first test-only requirement file, extra or package among pip's arguments.
    static func testOnly(_ arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            var file: String?
            if argument == "-r" || argument == "--requirement", index + 1 < arguments.count { file = arguments[index + 1] }
            if argument.hasPrefix("--requirement=") { file = String(argument.dropFirst("--requirement=".count)) }
            if argument.hasPrefix("-r") && argument.count > 2 && !argument.hasPrefix("--") {
                file = String(argument.dropFirst(2))
            }
            if let file {
                let name = PathText.stem(file).lowercased()
                let folder = PathText.lastComponent(PathText.parent(file)).lowercased()
                let parts = Set(name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." }).map(String.init))
                if !parts.isDisjoint(with: ["test", "tests", "testing", "dev"])
                    || (folder == "requirements" && ["dev", "test", "tests"].contains(name))
                {
                    return file
                }
                continue
            }
            let package = argument.lowercased().prefix {
                $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." || $0 == "[" || $0 == "]"
            }
            if Self.testPackages.contains(String(package.prefix { $0 != "[" })) { return String(package) }
            if let open = package.firstIndex(of: "["), package.hasSuffix("]") {
                let extras = package[package.index(after: open)..<package.index(before: package.endIndex)].split(separator: ",")
                if extras.contains(where: { ["test", "tests", "dev", "testing"].contains(String($0)) }) {
                    return String(package)
                }
            }
        }
        return nil
    }
}

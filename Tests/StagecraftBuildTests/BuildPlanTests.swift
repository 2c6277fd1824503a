import Foundation
import StagecraftCompose
import StagecraftReporting
import TestSupport
import Testing

@testable import StagecraftBuild

/// Which images a compose project asks for, before any engine is involved.
@Suite final class BuildPlanTests {
    private let folder: URL

    init() throws {
        folder = try Paths.temporaryDirectory("plan")
        let dockerfile = "FROM scratch AS base\nFROM base AS runtime\nFROM runtime AS development\n"
        for service in ["api", "worker"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(service), withIntermediateDirectories: true)
            try Data(dockerfile.utf8).write(to: folder.appendingPathComponent("\(service)/Dockerfile"))
        }
        try Data("FROM scratch AS only\n".utf8).write(to: folder.appendingPathComponent("worker/Dockerfile.single"))
    }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func project(_ compose: String) throws -> ComposeProject {
        let file = folder.appendingPathComponent("compose.yaml")
        try Data(compose.utf8).write(to: file)
        return try ComposeLoader(environment: [:]).load(file.path)
    }

    static let compose = """
        name: Demo
        services:
          api:
            build: {context: ./api, target: runtime, args: {A: "1"}}
            image: demo/api:runtime
          api-dev:
            build: {context: ./api, target: development}
            profiles: [dev]
          worker:
            build: {context: ./worker, dockerfile: Dockerfile.single}
          db:
            image: postgres:16

        """

    @Test func defaultTargetsTagsAndProfiles() throws {
        let project = try project(Self.compose)
        var planner = BuildPlanner()
        planner.buildArgs = ["A": "2", "B": "3"]
        let plan = try planner.plan(project)
        #expect(plan.jobs.map(\.label) == ["api:runtime", "worker"])
        #expect(plan.jobs.map(\.tag) == ["demo/api:runtime", "demo-worker:latest"])
        #expect(plan.jobs[0].args == ["A": "2", "B": "3"])
        #expect(plan.jobs[1].dockerfile.hasSuffix("/worker/Dockerfile.single"))
        planner.profiles = ["dev"]
        #expect(try planner.plan(project).jobs.map(\.label) == ["api:runtime", "api-dev:development", "worker"])
        planner.profiles = ["*"]
        #expect(try planner.plan(project).jobs.count == 3)
        planner.profiles = []
        planner.services = ["api-dev"]
        #expect(try planner.plan(project).jobs.map(\.label) == ["api-dev:development"], "naming a service turns its profiles on")
    }

    @Test func explicitTargetsSkipServicesWithoutTheStage() throws {
        var planner = BuildPlanner()
        planner.targets = ["runtime", "development"]
        let plan = try planner.plan(try project(Self.compose))
        #expect(plan.jobs.map(\.label) == ["api:runtime", "api:development"])
        #expect(plan.jobs.map(\.tag) == ["demo/api:runtime", "demo-api:development"])
        #expect(plan.skipped.map { "\($0.service):\($0.target)" } == ["worker:runtime", "worker:development"])
    }

    @Test func aComposeTargetTheDockerfileLacksIsAnError() throws {
        let broken = Self.compose.replacingOccurrences(of: "target: runtime, args", with: "target: prod, args")
        let error = try #require(throws: BuildError.self) { try BuildPlanner().plan(try self.project(broken)) }
        #expect(error.description.contains("compose.yaml:4: service api builds target prod"))
        #expect(error.description.contains("stages: base, runtime, development"))
        var planner = BuildPlanner()
        planner.services = ["nope"]
        let unknown = try #require(throws: BuildError.self) { try planner.plan(try self.project(Self.compose)) }
        #expect(unknown.description.contains("no service nope"))
    }

    /// A Dockerfile that does not parse is an error placed at its file, line and column, with
    /// the parser's message as the problem (the command line adds `error:` once).
    @Test func aDockerfileSyntaxErrorIsPlacedInItsFile() throws {
        try Data("FROM alpine AS base\nRUN <<EOF\n".utf8).write(to: folder.appendingPathComponent("worker/Dockerfile.single"))
        let error = try #require(throws: BuildError.self) { try BuildPlanner().plan(try self.project(Self.compose)) }
        #expect(error.position.text.hasSuffix("worker/Dockerfile.single:2:1"), "\(error)")
        #expect(error.problem == "unterminated heredoc")
        #expect(!error.description.contains("error:"))
    }
}

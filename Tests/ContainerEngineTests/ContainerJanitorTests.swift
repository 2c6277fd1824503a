import Foundation
import Testing

@testable import ContainerEngine

/// Run ids, owner labels and the rule that decides what a killed run left behind.
struct ContainerJanitorTests {
    let client = DockerClient(executable: "/bin/false")

    @Test func aGivenRunIdIsKeptAsANameAndMadeUnique() {
        let first = ContainerJanitor(client: client, environment: ["STAGECRAFT_RUN_ID": "CI-Job 42"])
        let second = ContainerJanitor(client: client, environment: ["STAGECRAFT_RUN_ID": "CI-Job 42"])
        #expect(first.name == "ci-job42")
        #expect(first.runID.hasPrefix("stagecraft-ci-job42-"))
        #expect(first.runID != second.runID)
        #expect(first.labels[ContainerJanitor.nameKey] == "ci-job42")
        #expect(ContainerJanitor(client: client, environment: [:]).labels[ContainerJanitor.nameKey] == nil)
    }

    @Test func everyObjectCarriesTheRunItsOwnerAndItsStart() {
        let owner = RunOwner(host: "ci-7", pid: 4242, processStart: "99")
        let janitor = ContainerJanitor(
            client: client, environment: [:], owner: owner, started: Date(timeIntervalSince1970: 1_700_000_000))
        let arguments = janitor.labelArguments
        #expect(arguments.contains("stagecraft.owner=ci-7/4242/99"))
        #expect(arguments.contains("stagecraft.started=1700000000"))
        #expect(arguments.contains("stagecraft.run=\(janitor.runID)"))
        #expect(arguments.filter { $0 == "--label" }.count == 3)
        #expect(ContainerJanitor.labelInstruction(["a": "1", "b": "2"]) == "a=\"1\" b=\"2\"")
    }

    @Test func ownerLabelsRoundTripAndRejectJunk() {
        let owner = RunOwner(host: "build-host.local", pid: 17, processStart: "123456")
        #expect(RunOwner(label: owner.label) == owner)
        #expect(RunOwner(label: "") == nil)
        #expect(RunOwner(label: "host/notapid/1") == nil)
        #expect(RunOwner(label: "host/-3/1") == nil)
        #expect(RunOwner(label: "a/b") == nil)
    }

    @Test func thisProcessIsAliveAFinishedOneIsNotAndAnotherHostCannotBeTold() throws {
        let me = RunOwner.current()
        #expect(me.isAlive() == true)
        #expect(!me.processStart.isEmpty)
        // A process that ran and was reaped.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let gone = RunOwner(host: RunOwner.localHost(), pid: process.processIdentifier, processStart: "1")
        #expect(gone.isAlive() == false)
        // The same pid with another start time is another process: the owner is gone.
        let reused = RunOwner(host: me.host, pid: me.pid, processStart: "1")
        #expect(reused.isAlive() == false)
        #expect(RunOwner(host: "elsewhere", pid: me.pid, processStart: me.processStart).isAlive() == nil)
    }

    @Test func aRunIsOverWhenItsProcessIsGoneOrWhenAForeignRunIsOld() {
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        let host = RunOwner.localHost()
        let day: TimeInterval = 86400
        // Local and alive: never touched, however old.
        #expect(
            ContainerJanitor.verdict(
                owner: .current(), created: now.addingTimeInterval(-10 * day), olderThan: day, now: now, localHost: host)
                == nil)
        // Local and gone: over at once.
        let dead = RunOwner(host: host, pid: Int32.max - 1, processStart: "5")
        let reason = ContainerJanitor.verdict(owner: dead, created: now, olderThan: day, now: now, localHost: host)
        #expect(reason?.contains("is gone") == true)
        // Another host: over only past the age limit.
        let foreign = RunOwner(host: "other", pid: 1, processStart: "1")
        #expect(
            ContainerJanitor.verdict(
                owner: foreign, created: now.addingTimeInterval(-3600), olderThan: day, now: now, localHost: host)
                == nil)
        #expect(
            ContainerJanitor.verdict(
                owner: foreign, created: now.addingTimeInterval(-2 * day), olderThan: day, now: now, localHost: host)?
                .contains("48 h ago") == true)
        // No owner and no time: kept.
        #expect(ContainerJanitor.verdict(owner: nil, created: nil, olderThan: 0, now: now, localHost: host) == nil)
    }

    @Test func engineTimesReadInBothLayouts() {
        let expected = Date(timeIntervalSince1970: 1_764_938_401)  // 2025-12-05T12:40:01Z
        #expect(ContainerJanitor.engineTime("2025-12-05T12:40:01.123456789Z") == expected)
        #expect(ContainerJanitor.engineTime("2025-12-05 12:40:01.123 +0000 UTC") == expected)
        #expect(ContainerJanitor.engineTime("yesterday") == nil)
    }
}

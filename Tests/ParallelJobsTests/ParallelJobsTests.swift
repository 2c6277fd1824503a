import Foundation
import ParallelJobs
import Testing

@Suite struct ParallelJobsTests {
    /// Counts the jobs running at once, and the most seen.
    final class Gauge: @unchecked Sendable {
        private let lock = NSLock()
        private var running = 0
        private(set) var most = 0
        private(set) var ran: Set<Int> = []

        func enter(_ index: Int) {
            lock.withLock {
                running += 1
                most = max(most, running)
                ran.insert(index)
            }
        }

        func leave() { lock.withLock { running -= 1 } }
    }

    @Test func resultsComeBackInJobOrderWithAtMostTheThreadsAsked() {
        // Threads of its own, which sleep side by side (more of them than cores is allowed).
        let gauge = Gauge()
        let results = ParallelJobs.map(count: 40, threads: 3, stackSize: 1 << 20) { index -> Int in
            gauge.enter(index)
            Thread.sleep(forTimeInterval: 0.002)
            gauge.leave()
            return index * index
        }
        #expect(results == (0..<40).map { $0 * $0 })
        #expect(gauge.most <= 3)
        #expect(gauge.most >= 2, "jobs overlapped")
        // On dispatch's threads: the same results, in the same order.
        #expect(ParallelJobs.mapOnCores(count: 40) { $0 * $0 } == results)
        #expect(ParallelJobs.map(count: 0) { $0 }.isEmpty && ParallelJobs.mapOnCores(count: 0) { $0 }.isEmpty)
    }

    @Test func everyJobRunsAndTheFirstErrorInJobOrderIsThrown() {
        struct Failed: Error, Equatable { var index: Int }
        let gauge = Gauge()
        #expect(throws: Failed(index: 3)) {
            _ = try ParallelJobs.mapOnCores(count: 10) { (index: Int) throws -> Int in
                gauge.enter(index)
                gauge.leave()
                if index == 7 || index == 3 { throw Failed(index: index) }
                return index
            }
        }
        #expect(gauge.ran == Set(0..<10))
    }

    @Test func bothRunsTwoJobsAndReturnsEachResult() {
        let (text, number) = ParallelJobs.both({ "left" }, { 42 })
        #expect(text == "left" && number == 42)
    }
}

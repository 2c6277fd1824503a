import Foundation

/// Runs independent jobs on a few threads of their own and gives the results back in job order:
/// the one way stagecraft spreads work over cores (files to lint, images to build, layers to read).
public enum ParallelJobs {
    /// Runs `job` for every index in `0..<count` on `threads` threads of its own (at most
    /// `count`), each with a stack of `stackSize` bytes when one is given (deeply recursive work
    /// needs more than the default). For work that blocks (builds wait on the engine) or needs a
    /// large stack. Returns when every job has finished.
    public static func map<Result: Sendable>(
        count: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount, stackSize: Int? = nil,
        _ job: @Sendable (Int) -> Result
    ) -> [Result] {
        guard count > 0 else { return [] }
        return withoutActuallyEscaping(job) { job in
            // The threads reach the job through the queue, which lets go of it once they are
            // done: the job must not outlive this call, even while finished threads linger.
            let queue = Queue<Result>(count: count, job: job)
            let workers = max(1, min(threads, count))
            let done = DispatchSemaphore(value: 0)
            for _ in 0..<workers {
                let thread = Thread {
                    queue.work()
                    done.signal()
                }
                if let stackSize { thread.stackSize = stackSize }
                thread.start()
            }
            for _ in 0..<workers { done.wait() }
            return queue.finish()
        }
    }

    /// Runs short, CPU-bound jobs on dispatch's threads (already running, one per core).
    public static func mapOnCores<Result: Sendable>(count: Int, _ job: @Sendable (Int) -> Result) -> [Result] {
        guard count > 0 else { return [] }
        return withoutActuallyEscaping(job) { job in
            let queue = Queue<Result>(count: count, job: job)
            DispatchQueue.concurrentPerform(iterations: min(count, ProcessInfo.processInfo.activeProcessorCount)) { _ in
                queue.work()
            }
            return queue.finish()
        }
    }

    /// ``mapOnCores(count:_:)`` for jobs that throw: every job runs, and the first error in job
    /// order is thrown.
    public static func mapOnCores<Result: Sendable>(count: Int, _ job: @Sendable (Int) throws -> Result) throws -> [Result] {
        try mapOnCores(count: count) { index in Swift.Result { try job(index) } }.map { try $0.get() }
    }

    /// Runs `first` and `second` side by side and returns both results.
    public static func both<First: Sendable, Second: Sendable>(
        _ first: @Sendable () -> First, _ second: @Sendable () -> Second
    ) -> (First, Second) {
        let results = mapOnCores(count: 2) { index -> Either<First, Second> in index == 0 ? .first(first()) : .second(second()) }
        if case .first(let one) = results[0], case .second(let two) = results[1] { return (one, two) }
        // Not reached: results come back in job order.
        return (first(), second())
    }

    private enum Either<First: Sendable, Second: Sendable>: Sendable {
        case first(First)
        case second(Second)
    }

    /// The job, the next index to claim and the results so far, under one lock.
    private final class Queue<Result: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var job: (@Sendable (Int) -> Result)?
        private var next = 0
        private let count: Int
        private var slots: [Result?]

        init(count: Int, job: @escaping @Sendable (Int) -> Result) {
            self.count = count
            self.job = job
            slots = Array(repeating: nil, count: count)
        }

        /// Runs jobs until none is left.
        func work() {
            while let (index, job) = claim() {
                let result = job(index)
                lock.withLock { slots[index] = result }
            }
        }

        private func claim() -> (Int, @Sendable (Int) -> Result)? {
            lock.withLock {
                guard next < count, let job else { return nil }
                defer { next += 1 }
                return (next, job)
            }
        }

        /// The results in job order; the job is let go.
        func finish() -> [Result] {
            lock.withLock {
                job = nil
                return slots.compactMap { $0 }
            }
        }
    }
}

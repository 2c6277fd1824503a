import Foundation

/// Runs independent jobs on one thread per core, each with a large stack (see ``LargeStack``),
/// and returns the results in job order.
enum ParallelWork {
    static func map<Result: Sendable>(
        count: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount, _ job: @escaping @Sendable (Int) -> Result
    ) -> [Result] {
        let state = State<Result>(count: count)
        let workers = max(1, min(threads, count))
        let done = DispatchSemaphore(value: 0)
        for _ in 0..<workers {
            let thread = Thread {
                while let index = state.claim() { state.store(job(index), at: index) }
                done.signal()
            }
            thread.stackSize = LargeStack.size
            thread.start()
        }
        for _ in 0..<workers { done.wait() }
        return state.results()
    }

    private final class State<Result: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private let count: Int
        private var slots: [Result?]

        init(count: Int) {
            self.count = count
            slots = Array(repeating: nil, count: count)
        }

        func claim() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard nextIndex < count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }

        func store(_ result: Result, at index: Int) {
            lock.lock()
            slots[index] = result
            lock.unlock()
        }

        func results() -> [Result] {
            lock.lock()
            defer { lock.unlock() }
            return slots.compactMap { $0 }
        }
    }
}

import DockerfileSyntax
import Foundation

/// Runs synchronous work on a thread with a large stack.
///
/// BuildKit (in Go, with growable stacks) accepts Dockerfiles nested deeply enough, through
/// `ONBUILD ONBUILD ...` chains or `${a:-${a:-...}}` words on a 64 KiB line, to overflow the small
/// stacks of default threads in the recursive parts of the parser. The address space is reserved,
/// not committed, so the size costs nothing unless it is used.
enum LargeStack {
    static let size = DockerfileParser.recommendedStackSize

    static func run(_ body: () throws -> Void) throws {
        try withoutActuallyEscaping(body) { escapable in
            let box = Box(work: escapable)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.perform()
                done.signal()
            }
            thread.stackSize = size
            thread.start()
            done.wait()
            if let error = box.error { throw error }
        }
    }

    /// Hands the work to the thread and the outcome back; the semaphore orders the accesses.
    /// The work is dropped before the semaphore is signalled: the non-escaping closure must not
    /// outlive the call, even while the finished thread object lingers.
    private final class Box: @unchecked Sendable {
        private var work: (() throws -> Void)?
        var error: (any Error)?

        init(work: @escaping () throws -> Void) { self.work = work }

        func perform() {
            do { try work?() } catch { self.error = error }
            work = nil
        }
    }
}

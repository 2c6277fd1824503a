import CFuzzDriver
import Foundation
import StagecraftFuzzing

// One libFuzzer binary for every reader: STAGECRAFT_FUZZ_TARGET names the one to feed
// (dockerfile, tar, image or compose); libFuzzer reads its own options from the arguments.
let target = ProcessInfo.processInfo.environment["STAGECRAFT_FUZZ_TARGET"] ?? ""
guard FuzzTargets.names.contains(target) else {
    FileHandle.standardError.write(
        Data("set STAGECRAFT_FUZZ_TARGET to one of: \(FuzzTargets.names.joined(separator: ", "))\n".utf8))
    exit(2)
}
var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        _ = FuzzTargets.run(target, data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    })

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (in the fuzzer runtime -sanitize=fuzzer links): runs the fuzzing loop
/// with `callback` as the target, reading libFuzzer's options from argc/argv.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

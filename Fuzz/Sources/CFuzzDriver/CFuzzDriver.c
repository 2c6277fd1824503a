// The driver itself lives in libFuzzer; this target only declares it for Swift.
#include "CFuzzDriver.h"

/// Somewhere JSON bytes can be appended: an array, or a ``ByteBuffer``.
package protocol ByteSink: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
    /// Appends the longest start of `bytes` that needs no JSON escape (no control character,
    /// `"` or `\`) and returns its length.
    mutating func appendUnescaped(_ bytes: UnsafeBufferPointer<UInt8>) -> Int
}

extension ByteSink where Self: ~Copyable {
    package mutating func appendUnescaped(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let length = unescapedPrefix(of: bytes)
        append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<length]))
        return length
    }
}

extension [UInt8]: ByteSink {}

/// Whether `byte` needs an escape in a JSON string.
@inline(__always)
func needsJSONEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }

/// Whether any of the eight bytes in `word` may need a JSON escape (bytes at or above 0x80 never
/// do): the classic test for a zero byte, applied to each condition. It may flag a word whose
/// bytes need none (then the bytes are tested one by one), never the other way round.
@inline(__always)
func mayNeedJSONEscape(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
    let control = (word &- ones &* 0x20) & ~word & highs != 0
    return control || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
}

/// The length of the start of `bytes` that needs no JSON escape, eight bytes at a time.
@inline(__always)
func unescapedPrefix(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    var index = 0
    while index + 8 <= bytes.count && !mayNeedJSONEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
        index += 8
    }
    while index < bytes.count && !needsJSONEscape(base[index]) { index += 1 }
    return index
}

/// Bytes appended into memory this buffer owns, growing ahead of need. The parse output of a large
/// file is millions of short appends (fixed text, short strings), where `Array.append`'s
/// uniqueness and capacity checks cost more than the copying; here an append is a bounds check
/// and a store. It cannot be copied (a copy would share the memory), so no class and no
/// exclusivity checks are needed.
package struct ByteBuffer: ~Copyable, ByteSink {
    private var base: UnsafeMutablePointer<UInt8>
    package private(set) var count = 0
    private var capacity: Int

    package init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    private mutating func grow(toHold extra: Int) {
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    package mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    package mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let length = bytes.count
        if count + length > capacity { grow(toHold: length) }
        let target = UnsafeMutableRawPointer(base + count)
        if length >= 8 && length <= 16 {
            // Keys, separators and short values: two overlapping word copies beat a memmove call.
            let raw = UnsafeRawPointer(source)
            let head = raw.loadUnaligned(as: UInt64.self)
            let last = raw.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: last, toByteOffset: length - 8, as: UInt64.self)
        } else {
            target.copyMemory(from: source, byteCount: length)
        }
        count += length
    }

    /// Copies while it scans: eight bytes at a time go straight to the buffer until a word may
    /// hold a byte that needs an escape.
    @inline(__always)
    package mutating func appendUnescaped(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let source = bytes.baseAddress else { return 0 }
        if count + bytes.count > capacity { grow(toHold: bytes.count) }
        let target = UnsafeMutableRawPointer(base + count)
        var index = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
            if mayNeedJSONEscape(word) { break }
            target.storeBytes(of: word, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count && !needsJSONEscape(source[index]) {
            target.storeBytes(of: source[index], toByteOffset: index, as: UInt8.self)
            index += 1
        }
        count += index
        return index
    }

    /// The bytes written so far.
    package func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Forgets what was written, keeping the memory.
    package mutating func removeAll() { count = 0 }
}

/// Bytes written into memory sized beforehand for the most that can be written (the caller's
/// promise): no checks at all per byte.
struct UnsafeByteWriter: ByteSink {
    let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    /// Starts again at the beginning of the memory.
    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }
}

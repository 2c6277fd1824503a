import CLibcrypto
import TarArchive

/// Passes bytes through while computing their SHA-256 (OpenSSL's EVP, using the CPU's SHA
/// extensions), to check blobs against their digests.
final class DigestStream: ByteStream {
    private let source: ByteStream
    private let context: OpaquePointer?

    init(_ source: ByteStream) {
        self.source = source
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try source.read(into: buffer)
        if count > 0 { EVP_DigestUpdate(context, buffer.baseAddress, count) }
        return count
    }

    /// Reads what is left, then returns `sha256:<hex>` of everything that passed.
    func finish() throws -> String {
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        while try scratch.withUnsafeMutableBytes({ try read(into: $0) }) > 0 {}
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return "sha256:" + digest.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}

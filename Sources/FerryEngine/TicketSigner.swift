import FerryCrypto
import FerryDomain
import Foundation

/// Signs ticket codes with the server's Ed25519 key and verifies them at the gate.
public struct TicketSigner: Sendable {
    public let privateKey: Ed25519.PrivateKey
    public let publicKey: Ed25519.PublicKey
    /// Names the key inside every code: `k` + base64url of the first 6 bytes of SHA-256 of
    /// the raw public key, so a gate holding several keys knows which one to use.
    public let keyId: String

    public init(privateKey: Ed25519.PrivateKey) throws {
        self.privateKey = privateKey
        self.publicKey = try privateKey.publicKey
        self.keyId = "k" + Base64URL.encode(SHA256.hash(self.publicKey.raw).prefix(6))
    }

    /// A key that lives only as long as the process: for tests.
    public static func ephemeral() throws -> TicketSigner {
        try TicketSigner(privateKey: try Ed25519.PrivateKey.generate())
    }

    /// Loads the key at `path`, or creates it there (mode 0600) on first start.
    ///
    /// The file is written to a temporary name, forced to the disk and moved into place, and
    /// the move forced to the disk too, so neither a crash nor a power cut leaves half a key,
    /// or none beside tickets already signed with it; a key that exists but cannot be read
    /// stops the start-up rather than silently issuing codes no gate can verify.
    public static func loadOrCreate(at path: String) throws -> TicketSigner {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            let pem = try String(contentsOfFile: path, encoding: .utf8)
            return try TicketSigner(privateKey: try Ed25519.PrivateKey(pem: pem))
        }
        let key = try Ed25519.PrivateKey.generate()
        let temporary = path + ".new"
        guard fm.createFile(atPath: temporary, contents: Data(try key.pem().utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CryptoError("cannot write the ticket signing key to \(temporary)")
        }
        try Self.forceToDisk(temporary)
        try fm.moveItem(atPath: temporary, toPath: path)
        try Self.forceToDisk((path as NSString).deletingLastPathComponent)
        return try TicketSigner(privateKey: key)
    }

    /// `fsync` of a file, or of a directory to keep a rename in it. A file system that cannot
    /// sync (some cannot, for a directory) says `EINVAL`; as SQLite does, that is let pass.
    private static func forceToDisk(_ path: String) throws {
        let descriptor = open(path.isEmpty ? "." : path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CryptoError("cannot open \(path) to force it to the disk") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw CryptoError("cannot force \(path) to the disk") }
    }

    /// The code for `payload`.
    public func code(for payload: TicketPayload) throws -> String {
        let input = TicketCode.signingInput(for: payload)
        return TicketCode.compose(signingInput: input, signature: try self.privateKey.sign(Array(input.utf8)))
    }

    /// The decoded code if it is well-formed, names this key and carries a valid signature.
    public func verify(_ code: String) -> TicketCode? {
        guard let decoded = TicketCode(code), decoded.payload.keyId == self.keyId,
            self.publicKey.isValidSignature(decoded.signature, for: Array(decoded.signingInput.utf8))
        else { return nil }
        return decoded
    }
}

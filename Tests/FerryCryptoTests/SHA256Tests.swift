import FerryCrypto
import Testing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ])
    func knownVectors(input: String, expected: String) {
        #expect(SHA256.hex(input) == expected)
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equals("secret-token", "secret-token"))
        #expect(!ConstantTime.equals("secret-token", "secret-tokem"))
        #expect(!ConstantTime.equals("short", "longer"))
    }
}

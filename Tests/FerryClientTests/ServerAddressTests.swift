import FerryClient
import Testing

@Suite struct ServerAddressTests {
    /// The flag wins over the environment, and the trailing `/` or `/v1` people copy along
    /// with an address is dropped, so requests are not sent to `/v1/v1/…`.
    @Test(arguments: [
        ("http://ferry.example:8080", "http://ferry.example:8080"),
        ("http://ferry.example:8080/", "http://ferry.example:8080"),
        ("https://ferry.example/v1", "https://ferry.example"),
        ("https://ferry.example/v1/", "https://ferry.example"),
        ("https://ferry.example/ferry/v1", "https://ferry.example/ferry"),
        ("http://v1:8080/v1", "http://v1:8080"),  // a host named v1 stays
    ])
    func addressesAsTyped(typed: String, server: String) throws {
        #expect(try FerryClient.serverURL(typed, environment: ["FERRY_SERVER": "http://other:1"]).absoluteString == server)
    }

    @Test func theEnvironmentThenTheDefault() throws {
        #expect(try FerryClient.serverURL(nil, environment: ["FERRY_SERVER": "http://other:1/"]).absoluteString == "http://other:1")
        #expect(try FerryClient.serverURL(nil, environment: [:]).absoluteString == FerryClient.defaultServer)
    }

    @Test(arguments: ["ferry.example", "ftp://ferry.example", "http://"])
    func notAnAddress(typed: String) {
        #expect(throws: FerryClientError.self) { try FerryClient.serverURL(typed, environment: [:]) }
    }
}

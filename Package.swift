// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "ferry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ferryd", targets: ["ferryd"]),
        .executable(name: "ferryctl", targets: ["ferryctl"]),
        .executable(name: "ferry", targets: ["ferry"]),
        .library(name: "FerryServer", targets: ["FerryServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Already required by Hummingbird; named so the server can run its upkeep as a Service.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Already required by Hummingbird; named for custom header names (HTTPField.Name).
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Already required by Hummingbird; named for `merge`, which lets a notice stream
        // interleave heartbeats without queueing notices ahead of a slow subscriber.
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        // Already required by Hummingbird; named for a channel handler of the server's own
        // (a deadline on the first request head, which Hummingbird's idle timeout leaves open)
        // and to tell a request that broke off (NIOHTTP1's parser errors) from a server fault.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "FerryCrypto", dependencies: ["COpenSSL"]),
        .target(name: "FerryDomain"),
        .target(
            name: "FerryStore",
            dependencies: [
                "FerryDomain", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "FerryEngine",
            dependencies: ["FerryDomain", "FerryStore", "FerryCrypto", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "FerryAPI", dependencies: ["FerryDomain"]),
        .target(
            name: "FerryServer",
            dependencies: [
                "FerryAPI", "FerryDomain", "FerryEngine", "FerryStore", "FerryCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "ferryd",
            dependencies: ["FerryServer", "FerryStore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // libcurl, the clients' HTTP: Foundation's URLSession on Linux spins a core for as long
        // as an answer is awaited (a slow server, an idle notice stream).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "FerryClient", dependencies: ["FerryAPI", "FerryDomain", "CCurl"]),
        .target(
            name: "FerryCommandLine",
            dependencies: ["FerryClient", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "ferryctl",
            dependencies: [
                "FerryClient", "FerryCommandLine", "FerryAPI", "FerryDomain", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ferry",
            dependencies: [
                "FerryClient", "FerryCommandLine", "FerryAPI", "FerryDomain", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "FerryTestSupport", dependencies: ["FerryDomain"], path: "Tests/FerryTestSupport"),
        .testTarget(name: "FerryDomainTests", dependencies: ["FerryDomain"]),
        .testTarget(name: "FerryCryptoTests", dependencies: ["FerryCrypto"]),
        .testTarget(name: "FerryStoreTests", dependencies: ["FerryStore", "FerryDomain", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "FerryEngineTests", dependencies: ["FerryEngine", "FerryStore", "FerryDomain", "FerryTestSupport"]),
        .testTarget(name: "FerryClientTests", dependencies: ["FerryClient", "FerryAPI", "FerryTestSupport"]),
        // The executables run as processes against a live server: listed so they are built.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ferry", "ferryctl", "FerryClient", "FerryServer", "FerryStore", "FerryAPI", "FerryDomain", "FerryTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "FerryServerTests",
            dependencies: [
                "FerryServer", "FerryAPI", "FerryTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
    ]
)

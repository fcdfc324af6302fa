// swift-tools-version:6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "driftback",
  products: [
    .executable(name: "driftback", targets: ["driftback"]),
    .library(name: "Driftback", targets: ["Driftback"]),
  ],
  targets: [
    .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
    .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
    .target(name: "DriftbackSyntax", dependencies: ["CYAML"], swiftSettings: strictSettings),
    .target(name: "Driftback", dependencies: ["DriftbackSyntax"], swiftSettings: strictSettings),
    .target(name: "DriftbackGit", dependencies: ["CGit2"], swiftSettings: strictSettings),
    .executableTarget(
      name: "driftback", dependencies: ["Driftback", "DriftbackSyntax", "DriftbackGit"],
      swiftSettings: strictSettings),
    .testTarget(name: "DriftbackSyntaxTests", dependencies: ["DriftbackSyntax"]),
    .testTarget(name: "DriftbackTests", dependencies: ["Driftback", "DriftbackSyntax"]),
    .testTarget(name: "DriftbackGitTests", dependencies: ["DriftbackGit"]),
    .testTarget(name: "DriftbackCLITests", dependencies: ["Driftback", "driftback"], exclude: ["Golden"]),
  ]
)

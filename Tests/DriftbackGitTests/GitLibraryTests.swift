import Testing

@testable import DriftbackGit

@Suite("libgit2")
struct GitLibraryTests {
  @Test func linksLibgit2OfAtLeast15() throws {
    let parts = GitLibrary.version.split(separator: ".").compactMap { Int($0) }
    #expect(parts.count == 3)
    let major = try #require(parts.first)
    let minor = parts.count > 1 ? parts[1] : 0
    #expect(major > 1 || (major == 1 && minor >= 5), "libgit2 \(GitLibrary.version) is older than 1.5")
  }
}

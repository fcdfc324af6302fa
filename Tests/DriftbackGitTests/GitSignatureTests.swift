import DriftbackGit
import Foundation
import Testing

/// Signatures from `--author` text and from the repository's configuration.
@Suite("Signatures")
struct GitSignatureTests {
  @Test func parsesNameAndEmail() throws {
    let signature = try GitSignature.parse(
      "  Ada Lovelace <ada@example.com> ", time: 1_700_000_000, offsetMinutes: -300)
    #expect(
      signature
        == GitSignature(name: "Ada Lovelace", email: "ada@example.com", time: 1_700_000_000, offsetMinutes: -300))
    #expect(try GitSignature.parse("Zoë Ñúñez<zoe@example.com>", time: 0, offsetMinutes: 0).name == "Zoë Ñúñez")
  }

  @Test(arguments: [
    ("Ada", "expected 'Name <email>'"),
    ("ada@example.com", "expected 'Name <email>'"),
    ("<ada@example.com>", "the name is empty (expected 'Name <email>')"),
    ("Ada <>", "the e-mail is empty (expected 'Name <email>')"),
    ("Ada <a<b@example.com>", "neither the name nor the e-mail may contain '<', '>' or a line break"),
    ("Ada\nEvil <ada@example.com>", "neither the name nor the e-mail may contain '<', '>' or a line break"),
  ])
  func rejectsMalformedText(_ text: String, _ reason: String) throws {
    #expect {
      try GitSignature.parse(text, time: 0, offsetMinutes: 0)
    } throws: { error in
      let error = try #require(error as? GitError)
      return error.kind == .invalidSignature && error.description == "cannot use '\(text)' as a signature: \(reason)"
    }
  }

  @Test(.enabled(if: GitCLI.isAvailable, GitCLI.skipComment))
  func readsTheDefaultSignatureFromTheConfiguration() throws {
    let fixture = try GitFixture()
    try fixture.git("config", "user.name", "Local Person")
    try fixture.git("config", "user.email", "local@example.com")
    let signature = try GitRepository(path: fixture.workingDirectory).defaultSignature()
    #expect(signature.name == "Local Person")
    #expect(signature.email == "local@example.com")
    let now = Int64(Date().timeIntervalSince1970)
    #expect(abs(signature.time - now) < 600)
  }

  @Test(.enabled(if: GitCLI.isAvailable, GitCLI.skipComment))
  func anUnsetIdentityIsAClearError() throws {
    let fixture = try GitFixture()
    // An empty value in the repository's own configuration hides whatever the user's global file says.
    try fixture.git("config", "user.name", "")
    try fixture.git("config", "user.email", "")
    let repository = try GitRepository(path: fixture.workingDirectory)
    #expect {
      try repository.defaultSignature()
    } throws: { error in
      let error = try #require(error as? GitError)
      return error.kind == .identityNotConfigured
        && error.description
          == "cannot determine the commit author for \(fixture.workingDirectory): user.name and user.email are not "
          + "set in the git configuration (set them with `git config user.name 'Name'` and "
          + "`git config user.email 'email'`)"
    }
  }

  @Test(.enabled(if: GitCLI.isAvailable, GitCLI.skipComment))
  func aCommitWithAnInvalidSignatureIsRefused() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let bad = GitSignature(name: "Evil\nHeader", email: "e@example.com", time: 0, offsetMinutes: 0)
    #expect {
      try repository.commit(
        changes: [:], parent: try repository.resolve("HEAD"), message: "x", author: bad, committer: GitFixture.signature
      )
    } throws: { error in
      (error as? GitError)?.kind == .invalidSignature
    }
  }
}

import DriftbackGit
import Foundation
import Testing

/// Changes that cannot become a commit are refused before anything is written.
@Suite("Commit validation", .enabled(if: GitCLI.isAvailable, GitCLI.skipComment))
struct GitCommitValidationTests {
  /// The error `commit` throws for `changes` on the standard history, and the abbreviated parent id.
  private func refusal(_ changes: [String: [UInt8]?], message: String = "x") throws -> (GitError?, String) {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let parent = try repository.resolve("HEAD")
    do {
      _ = try repository.commit(
        changes: changes, parent: parent, message: message, author: GitFixture.signature,
        committer: GitFixture.signature)
      return (nil, String(parent.hex.prefix(7)))
    } catch let error as GitError {
      return (error, String(parent.hex.prefix(7)))
    }
  }

  @Test(arguments: ["../escape.yaml", "/etc/passwd", ".git/config", "iac/.GIT/x", "", "a\0b"])
  func refusesInvalidPaths(_ path: String) throws {
    #expect(try refusal([path: Array("x".utf8)]).0?.kind == .invalidPath)
  }

  @Test func refusesConflictingChanges() throws {
    let same = try #require(try refusal(["iac/db.yaml": [1], "./iac/db.yaml": [2]]).0)
    #expect(same.kind == .conflictingChanges)
    #expect(same.reason == "'./iac/db.yaml' and 'iac/db.yaml' name the same file")
    let nested = try #require(try refusal(["iac": nil, "iac/db.yaml": [1]]).0)
    #expect(nested.kind == .conflictingChanges)
    #expect(nested.reason == "'iac/db.yaml' is inside 'iac', which is also changed")
  }

  @Test func refusesToReplaceFoldersAndFilesWithEachOther() throws {
    let (folder, head) = try refusal(["iac": [1]])
    #expect(folder?.kind == .unsupportedEntry)
    #expect(folder?.reason == "cannot write 'iac': it is a directory at \(head), not a file")
    #expect(
      try refusal(["iac/déploiement": nil]).0?.reason
        == "cannot delete 'iac/déploiement': it is a directory, not a file")
    #expect(
      try refusal(["README.md/child.yaml": [1]]).0?.reason
        == "cannot change 'README.md/child.yaml': 'README.md' is a file at \(head), not a directory")
  }

  @Test func refusesAnEmptyMessage() throws {
    let (error, _) = try refusal([:], message: " \n\n ")
    #expect(error?.kind == .emptyMessage)
    #expect(error?.reason == "the commit message is empty")
  }

  @Test func pathsAreComparedByTheirBytes() throws {
    // `é` precomposed and `e` + combining acute are equal Swift strings but two different git paths.
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let base = try repository.resolve("HEAD")
    let decomposed = "iac/de\u{301}ploiement/web.yaml"
    #expect(decomposed == GitFixture.webPath)
    #expect(try repository.readFile(decomposed, at: base) == nil)

    var changes: [String: [UInt8]?] = [decomposed: Array("b: 2\n".utf8)]
    changes.updateValue(nil, forKey: "iac/db.yaml")  // `changes["iac/db.yaml"] = nil` would drop the entry
    let commit = try repository.commit(
      changes: changes, parent: base, message: "bytes", author: GitFixture.signature, committer: GitFixture.signature)
    let files = try repository.files(under: "iac", at: commit)
    #expect(files.map { Array($0.utf8) } == [Array(decomposed.utf8), Array(GitFixture.webPath.utf8)])
    #expect(try repository.readFile(GitFixture.webPath, at: commit) == Array(GitFixture.webV2.utf8))
    #expect(try repository.readFile(files[0], at: commit) == Array("b: 2\n".utf8))
    let listed = try fixture.run(["ls-tree", "-r", "-z", "--name-only", commit.hex, "iac"])
    #expect(listed.split(separator: 0).map { Array($0) } == files.map { Array($0.utf8) })
  }

  @Test func createsNewFoldersForNewFiles() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let base = try repository.resolve("HEAD")
    let commit = try repository.commit(
      changes: ["neu/ü/ß/datei.yaml": Array("a: 1\n".utf8), "a-b": [0x0A], "iac/a": [0x0A]], parent: base,
      message: "new folders", author: GitFixture.signature, committer: GitFixture.signature)
    try repository.setBranch("new-folders", to: commit, force: false, reflogMessage: "test")
    #expect(
      try repository.files(under: "", at: commit)
        == [
          "README.md", "a-b", "iac/a", "iac/db.yaml", "iac/déploiement/web.yaml", "neu/ü/ß/datei.yaml",
          "scripts/deploy.sh",
        ])
    #expect(try fixture.git("show", "new-folders:neu/ü/ß/datei.yaml") == "a: 1")
    try fixture.git("fsck", "--strict", "--no-dangling")
  }
}

import DriftbackGit
import Foundation
import Testing

/// Opening repositories, resolving revisions and reading trees at a commit.
@Suite("Reading repositories", .enabled(if: GitCLI.isAvailable, GitCLI.skipComment))
struct GitRepositoryReadingTests {
  @Test func opensAWorkingTree() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    #expect(!repository.isBare)
    #expect(repository.workingDirectory == fixture.workingDirectory)
    #expect(repository.gitDirectory == fixture.workingDirectory + "/.git")
    #expect(repository.currentBranch == "main")
    // The `.git` folder opens the same repository.
    #expect(try GitRepository(path: fixture.workingDirectory + "/.git").workingDirectory == fixture.workingDirectory)
  }

  @Test func discoversTheRepositoryFromASubfolder() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository.discover(containing: fixture.workingDirectory + "/iac/déploiement")
    #expect(repository.workingDirectory == fixture.workingDirectory)
    #expect(try repository.resolve("HEAD").hex == (try fixture.git("rev-parse", "HEAD")))
    // A file works as a starting point too.
    #expect(
      try GitRepository.discover(containing: fixture.workingDirectory + "/" + GitFixture.webPath).workingDirectory
        == fixture.workingDirectory)
    // Opening exactly a path does not walk up.
    #expect(throws: GitError.self) { try GitRepository(path: fixture.workingDirectory + "/iac") }
  }

  @Test func aMissingRepositoryIsAClearError() throws {
    let fixture = try GitFixture(initialize: false)
    let missing = fixture.root + "/nowhere"
    #expect {
      try GitRepository(path: missing)
    } throws: { error in
      let error = try #require(error as? GitError)
      return error.kind == .repositoryNotFound
        && error.description.hasPrefix("cannot open git repository '\(missing)': ")
        && error.description.contains(missing) && error.function == "git_repository_open"
    }
    #expect {
      try GitRepository.discover(containing: fixture.workingDirectory)
    } throws: { error in
      let error = try #require(error as? GitError)
      return error.kind == .repositoryNotFound
        && error.description.hasPrefix("cannot find a git repository at or above '\(fixture.workingDirectory)': ")
    }
  }

  @Test func resolvesRevisionsToCommits() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let head = try fixture.git("rev-parse", "HEAD")
    let first = try fixture.git("rev-parse", "HEAD~1")
    #expect(try repository.resolve("HEAD").hex == head)
    #expect(try repository.resolve("main").hex == head)
    #expect(try repository.resolve("HEAD~1").hex == first)
    #expect(try repository.resolve("v1").hex == first)  // an annotated tag, peeled to its commit
    #expect(try repository.resolve(String(first.prefix(8))).hex == first)
    #expect(try repository.resolve(head.uppercased()).hex == head)
    #expect(try repository.parents(of: try repository.resolve("HEAD")).map(\.hex) == [first])
    #expect(try repository.parents(of: try repository.resolve("v1")) == [])
    #expect(try repository.commitMessage(try repository.resolve("HEAD")) == "second\n\nAdds the database.\n")
  }

  @Test func aBadRevisionIsAClearError() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    #expect {
      try repository.resolve("nope")
    } throws: { error in
      let error = try #require(error as? GitError)
      return error.kind == .revisionNotFound
        && error.description
          == "cannot resolve revision 'nope' in \(fixture.workingDirectory): revspec 'nope' not found"
    }
    #expect {
      try repository.resolve("HEAD^{tree}")
    } throws: { error in
      let error = try #require(error as? GitError)
      return error.kind == .revisionNotFound
        && error.description.hasPrefix(
          "cannot resolve revision 'HEAD^{tree}' in \(fixture.workingDirectory) to a commit: ")
    }
    #expect(throws: GitError.self) { try repository.resolve("") }
    let missing = try #require(GitObjectID(hex: String(repeating: "ab", count: 20)))
    #expect {
      try repository.commitMessage(missing)
    } throws: { error in
      (error as? GitError)?.kind == .revisionNotFound
        && "\(error)".hasPrefix("cannot find commit \(missing.hex) in \(fixture.workingDirectory): ")
    }
  }

  @Test func readsFilesAtOlderCommits() throws {
    let fixture = try GitFixture.standard()
    try fixture.makeDirty()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let first = try repository.resolve("v1")
    let second = try repository.resolve("HEAD")

    #expect(try repository.readFile(GitFixture.webPath, at: first) == Array(GitFixture.webV1.utf8))
    #expect(try repository.readFile(GitFixture.webPath, at: second) == Array(GitFixture.webV2.utf8))
    #expect(try repository.readFile("./iac//déploiement/web.yaml", at: first) == Array(GitFixture.webV1.utf8))
    #expect(try repository.readFile("iac/old.yaml", at: first) == Array("old: true\n".utf8))
    #expect(try repository.readFile("iac/old.yaml", at: second) == nil)
    // The committed content, not the staged or working-tree one.
    #expect(try repository.readFile("iac/db.yaml", at: second) == Array("kind: StatefulSet\n".utf8))
    #expect(try repository.readFile("README.md/inside", at: second) == nil)
    #expect {
      try repository.readFile("iac", at: second)
    } throws: { error in
      (error as? GitError)?.kind == .unsupportedEntry && "\(error)".hasSuffix(": it is a directory, not a file")
    }
    for path in ["/etc/passwd", "../outside", ".git/config", ""] {
      #expect(throws: GitError.self, "\(path)") { try repository.readFile(path, at: second) }
    }
  }

  @Test func listsFilesUnderAFolder() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let first = try repository.resolve("v1")
    let second = try repository.resolve("HEAD")

    #expect(try repository.files(under: "iac", at: first) == ["iac/déploiement/web.yaml", "iac/old.yaml"])
    #expect(try repository.files(under: "iac/", at: second) == ["iac/db.yaml", "iac/déploiement/web.yaml"])
    #expect(try repository.files(under: "iac/déploiement", at: second) == ["iac/déploiement/web.yaml"])
    #expect(try repository.files(under: "absent", at: second) == [])
    #expect(throws: GitError.self) { try repository.files(under: "README.md", at: second) }

    let all = try repository.files(under: "", at: second)
    let listed = String(
      decoding: try fixture.run(["ls-tree", "-r", "-z", "--name-only", "HEAD"]),
      as: UTF8.self
    )
    .split(separator: "\0").map(String.init)
    .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    #expect(all == listed)
    #expect(all == ["README.md", "iac/db.yaml", "iac/déploiement/web.yaml", "scripts/deploy.sh"])
    #expect(try repository.files(under: ".", at: second) == all)
  }

  @Test func readsBinaryAndEmptyFilesExactly() throws {
    let fixture = try GitFixture()
    let bytes = Data((0...255).map { UInt8($0) } + [0, 0, 13, 10])
    try bytes.write(to: URL(fileURLWithPath: fixture.workingDirectory + "/binary.bin"))
    try fixture.write("empty.txt", "")
    try fixture.git("add", "-A")
    try fixture.git("commit", "-q", "-m", "binary")
    let repository = try GitRepository(path: fixture.workingDirectory)
    let head = try repository.resolve("HEAD")
    #expect(try repository.readFile("binary.bin", at: head) == Array(bytes))
    #expect(try repository.readFile("empty.txt", at: head) == [])
  }
}
